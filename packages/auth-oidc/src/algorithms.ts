import { AuthConfigError } from '@ds/auth-core';

/**
 * Asymmetric JWS algorithms an ID token may use. Never `none`, never HS* (RFC 8725 §3.1, §3.2).
 *
 * @example
 * ```ts
 * SUPPORTED_ALGORITHMS.includes('ES256'); // true
 * ```
 */
export const SUPPORTED_ALGORITHMS: readonly string[] = Object.freeze([
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
  'Ed25519',
]);

/**
 * Validates the `algorithms` option; `undefined` means "decide from the mode and discovery". Throws
 * `AuthConfigError` (`option: 'algorithms'`) for an empty list, `none`, any HS* or an unsupported name.
 *
 * @example
 * ```ts
 * checkAlgorithms(['ES256', 'RS256']); // ['ES256', 'RS256']
 * checkAlgorithms(['HS256']); // throws AuthConfigError
 * ```
 * @see RFC 8725 §3.1-3.2
 */
export function checkAlgorithms(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.some((alg) => typeof alg !== 'string')) {
    throw new AuthConfigError('algorithms', '"algorithms" must be a non-empty array of JWS algorithm names');
  }
  for (const alg of value as string[]) {
    if (alg.toLowerCase() === 'none' || /^HS/i.test(alg)) {
      // HS* would verify with the provider's *public* key as the HMAC secret: anyone could forge tokens.
      throw new AuthConfigError(
        'algorithms',
        `"algorithms" must not contain "${alg}": ID tokens are verified with public keys only (no "none", no HS*)`,
      );
    }
    if (!SUPPORTED_ALGORITHMS.includes(alg)) {
      throw new AuthConfigError(
        'algorithms',
        `"algorithms" contains "${alg}"; supported: ${SUPPORTED_ALGORITHMS.join(', ')}`,
      );
    }
  }
  return [...new Set(value as string[])];
}

/** The default allow-list of a strict client: what the provider advertises that we support, else RS256 (OIDC Core §3.1.3.7). */
export function algorithmsFromMetadata(advertised: unknown): string[] {
  const list = Array.isArray(advertised)
    ? advertised.filter((alg): alg is string => typeof alg === 'string' && SUPPORTED_ALGORITHMS.includes(alg))
    : [];
  return list.length > 0 ? list : ['RS256'];
}

/** The hash of `at_hash` for a JWS algorithm (OIDC Core §3.1.3.6; SHA-512 for Ed25519). */
export function hashForAlgorithm(alg: string): 'SHA-256' | 'SHA-384' | 'SHA-512' | undefined {
  if (alg === 'EdDSA' || alg === 'Ed25519') return 'SHA-512';
  if (alg.endsWith('256')) return 'SHA-256';
  if (alg.endsWith('384')) return 'SHA-384';
  if (alg.endsWith('512')) return 'SHA-512';
  return undefined;
}
