import { requireString } from '@ds/auth-core/strategy';
import { base64UrlEncode } from '@ds/auth-oauth';
import { hashForAlgorithm } from './algorithms.js';

/**
 * The `at_hash` of an access token for an ID token signed with `alg`: base64url of the left half of
 * the hash of the token's ASCII bytes. `undefined` for an algorithm without a defined hash; throws
 * `AuthConfigError` when `accessToken` is not a non-empty string.
 *
 * @example
 * ```ts
 * if ((await computeAtHash(tokens.accessToken, 'ES256')) !== claims.at_hash) throw new Error('mismatch');
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeIDToken
 */
export async function computeAtHash(accessToken: string, alg: string): Promise<string | undefined> {
  requireString(accessToken, 'accessToken');
  const hash = typeof alg === 'string' ? hashForAlgorithm(alg) : undefined;
  if (!hash) return undefined;
  const digest = new Uint8Array(
    await globalThis.crypto.subtle.digest(hash, new TextEncoder().encode(accessToken)),
  );
  return base64UrlEncode(digest.slice(0, digest.length / 2));
}
