import { AuthResponseError } from '@ds/auth-core';
import { assertHeaderValue } from '@ds/auth-core/strategy';
import { readUnverifiedClaims, type OAuthTokens } from '@ds/auth-oauth';
import { idTokenError } from './errors.js';
import { getJson, type JsonTransport } from './get-json.js';

/**
 * Calls the UserInfo endpoint (OpenID Connect Core §5.3) with the access token and returns its claims.
 * When `tokens` carry an ID token (verified when it was received), the answer's `sub` must be that
 * token's `sub` (§5.3.4), else `ERR_OIDC_SUBJECT_MISMATCH`. DocSpace answers with the access token's
 * claims (no name or e-mail). HTTP failures are the core's typed errors (401 `ERR_AUTH_UNAUTHORIZED`).
 */
export async function requestUserinfo(
  transport: JsonTransport,
  endpoint: string,
  tokens: string | Pick<OAuthTokens, 'accessToken' | 'idToken'>,
  signal: AbortSignal | undefined,
): Promise<Record<string, unknown>> {
  const accessToken = typeof tokens === 'string' ? tokens : tokens?.accessToken;
  assertHeaderValue(accessToken, 'accessToken');
  const body = await getJson(transport, endpoint, 'the userinfo endpoint', 'ERR_OIDC_BAD_USERINFO', signal, {
    authorization: `Bearer ${accessToken}`,
  });
  if (
    typeof body !== 'object' ||
    body === null ||
    Array.isArray(body) ||
    typeof (body as { sub?: unknown }).sub !== 'string'
  ) {
    throw new AuthResponseError('the userinfo answer is not a JSON object with a "sub"', {
      code: 'ERR_OIDC_BAD_USERINFO',
    });
  }
  const claims = body as Record<string, unknown>;
  const idToken = typeof tokens === 'string' ? undefined : tokens.idToken;
  const expected = idToken === undefined ? undefined : readUnverifiedClaims(idToken)?.sub;
  if (expected !== undefined && claims.sub !== expected) {
    throw idTokenError(
      'ERR_OIDC_SUBJECT_MISMATCH',
      'sub',
      'the userinfo "sub" is not the "sub" of the ID token',
    );
  }
  return claims;
}
