import { AuthResponseError } from '@ds/auth-core';
import { readUnverifiedClaims } from './jwt-claims.js';
import type { OAuthTokens } from './types.js';

/**
 * The longest access-token lifetime believed, in seconds (one year): a larger `expires_in` (`1e12`) is
 * read as this, so a wrong or hostile value cannot keep a token in use for ever, or past what a `Date` holds.
 */
const MAX_LIFETIME_SECONDS = 366 * 86_400;

/**
 * Reads a successful token response (RFC 6749 §5.1) into {@link OAuthTokens}. Pure.
 *
 * `expiresAt` comes from `expires_in` measured from `receivedAt` (our clock, so server clock skew does
 * not matter); without `expires_in`, from the lifetime in the access token's own `exp - iat`; a
 * lifetime over one year counts as one year, and `expires_in` must be a number (or a
 * string of digits: `""` is refused, not read as 0). A
 * missing `refresh_token` stays missing here: the refresh call carries the old one forward.
 * Throws `AuthResponseError` (`ERR_OAUTH_BAD_RESPONSE`) naming the bad field.
 */
export function parseTokenResponse(body: unknown, receivedAt: number): OAuthTokens {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw bad('the token response is not a JSON object');
  const data = body as Record<string, unknown>;
  if (typeof data.access_token !== 'string' || data.access_token === '')
    throw bad('"access_token" is missing');
  if (typeof data.token_type !== 'string' || data.token_type.toLowerCase() !== 'bearer') {
    throw bad('"token_type" must be "Bearer"');
  }
  const tokens: OAuthTokens = { accessToken: data.access_token, tokenType: 'Bearer', issuedAt: receivedAt };
  // A numeric string is tolerated; `""` (which Number() reads as 0) and other text are not numbers.
  const expiresIn =
    typeof data.expires_in === 'string'
      ? /^\d+(\.\d+)?$/.test(data.expires_in)
        ? Number(data.expires_in)
        : Number.NaN
      : data.expires_in;
  if (expiresIn !== undefined) {
    if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn < 0)
      throw bad('"expires_in" must be a number of seconds');
    tokens.expiresAt = receivedAt + Math.min(expiresIn, MAX_LIFETIME_SECONDS) * 1000;
  } else {
    const claims = readUnverifiedClaims(data.access_token);
    if (typeof claims?.exp === 'number' && typeof claims.iat === 'number' && claims.exp > claims.iat) {
      tokens.expiresAt = receivedAt + Math.min(claims.exp - claims.iat, MAX_LIFETIME_SECONDS) * 1000;
    }
  }
  if (data.refresh_token !== undefined) {
    if (typeof data.refresh_token !== 'string' || data.refresh_token === '')
      throw bad('"refresh_token" must be a string');
    tokens.refreshToken = data.refresh_token;
  }
  if (typeof data.scope === 'string') tokens.scope = data.scope.split(' ').filter((scope) => scope !== '');
  if (data.id_token !== undefined) {
    if (typeof data.id_token !== 'string') throw bad('"id_token" must be a string');
    tokens.idToken = data.id_token;
  }
  return tokens;
}

function bad(message: string): AuthResponseError {
  return new AuthResponseError(`the token endpoint sent a bad response: ${message}`, {
    code: 'ERR_OAUTH_BAD_RESPONSE',
  });
}
