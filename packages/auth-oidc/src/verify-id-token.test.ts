import fc from 'fast-check';
import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { IdTokenError } from './errors.js';
import { verifyIdToken } from './verify-id-token.js';

const NOW = Date.UTC(2026, 0, 1);
const iat = Math.floor(NOW / 1000);
const expected = {
  issuer: 'https://op.example.com',
  clientId: 'app',
  algorithms: ['RS256', 'PS256', 'EdDSA'],
  now: NOW,
};
const claims = { iss: 'https://op.example.com', sub: 'u1', aud: 'app', iat, exp: iat + 600 };

describe('verifyIdToken (pure, with a key)', () => {
  it.each(['RS256', 'PS256', 'EdDSA'] as const)('accepts %s from the allow-list', async (alg) => {
    const { privateKey, publicKey } = await generateKeyPair(alg);
    const token = await new SignJWT(claims).setProtectedHeader({ alg }).sign(privateKey);
    await expect(verifyIdToken(token, { keys: publicKey, expected })).resolves.toMatchObject({ sub: 'u1' });
  });

  it('requires sub, iat and the other OIDC claims', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ ...claims, sub: undefined })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(privateKey);
    await expect(verifyIdToken(token, { keys: publicKey, expected })).rejects.toMatchObject({
      code: 'ERR_OIDC_INVALID_ID_TOKEN',
      message: 'the ID token has no "sub" claim',
      claim: 'sub',
    });
  });

  it('honours a zero clock tolerance', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ ...claims, exp: iat - 1 })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(privateKey);
    await expect(verifyIdToken(token, { keys: publicKey, expected })).resolves.toBeDefined();
    await expect(
      verifyIdToken(token, { keys: publicKey, expected: { ...expected, clockToleranceSec: 0 } }),
    ).rejects.toMatchObject({
      code: 'ERR_OIDC_EXPIRED',
    });
  });

  it('turns any malformed input into an IdTokenError', async () => {
    const { publicKey } = await generateKeyPair('RS256');
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), fc.string(), async (a, b, c) => {
        const error = await verifyIdToken(`${a}.${b}.${c}`, { keys: publicKey, expected }).catch(
          (caught: unknown) => caught,
        );
        expect(IdTokenError.isInstance(error)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
