// Hostile or broken `expires_in` values (issue 16, finding 8).
import { describe, expect, it } from 'vitest';
import { parseTokenResponse } from '../src/index.js';

const YEAR_MS = 366 * 86_400_000;
const body = (expires_in: unknown) => ({ access_token: 'at', token_type: 'Bearer', expires_in });

describe('parseTokenResponse', () => {
  it('does not take "expires_in": 1e12 as is: a token cannot be kept for 31,000 years', () => {
    const tokens = parseTokenResponse(body(1e12), 1_000);
    expect(tokens.expiresAt).toBe(1_000 + YEAR_MS);
    expect(Number.isNaN(new Date(parseTokenResponse(body(1e300), 0).expiresAt!).getTime())).toBe(false);
  });

  it("caps the lifetime read from the access token's own exp - iat the same way", () => {
    const claims = Buffer.from(JSON.stringify({ iat: 0, exp: 1e12 })).toString('base64url');
    const tokens = parseTokenResponse({ access_token: `e30.${claims}.sig`, token_type: 'Bearer' }, 0);
    expect(tokens.expiresAt).toBe(YEAR_MS);
  });

  it.each([[''], [' '], ['0x10'], ['1e3'], ['-5'], ['abc']])(
    'refuses "expires_in": %j instead of reading it as 0 or a number it is not',
    (value) => {
      let error: unknown;
      try {
        parseTokenResponse(body(value), 0);
      } catch (caught) {
        error = caught;
      }
      expect({ code: (error as { code?: string }).code, message: (error as Error).message }).toEqual({
        code: 'ERR_OAUTH_BAD_RESPONSE',
        message: 'the token endpoint sent a bad response: "expires_in" must be a number of seconds',
      });
    },
  );

  it('still reads a numeric string and a number of seconds', () => {
    expect(parseTokenResponse(body('3599'), 1_000).expiresAt).toBe(1_000 + 3_599_000);
    expect(parseTokenResponse(body(3600), 0).expiresAt).toBe(3_600_000);
  });
});
