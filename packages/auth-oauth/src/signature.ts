import { AuthResponseError, type DocSpaceClient, Secret } from '@ds/auth-core';
import { readUnverifiedClaims } from './jwt-claims.js';

// The signature lives 5 minutes (common/ASC.Core.Common/Identity/IdentityClient.cs); take a new one a minute early.
const SIGNATURE_MARGIN_MS = 60_000;
const SIGNATURE_FALLBACK_MS = 4 * 60_000;

/** The `x-signature` of the user a DocSpace client authenticates as, cached until shortly before it expires. */
export interface SignatureSource {
  /** The signature: the cached one while it is fresh, else one from `GET /api/2.0/security/oauth2/token`. */
  get(signal: AbortSignal | undefined): Promise<Secret>;
  /** The identity service refused `used`: the next `get()` fetches a new one. */
  reject(used: Secret): void;
}

/**
 * Fetches and caches the `x-signature` (an HS256 JWT, 5 minutes) that DocSpace's identity services want
 * for app registration and developer tokens, one request however many callers wait. Rejects with the
 * client's `AuthHttpError` (`ERR_AUTH_FORBIDDEN` for a credential without a global scope) or
 * `AuthResponseError` (`ERR_OAUTH_BAD_RESPONSE`) when the answer is not a signature.
 */
export function createSignatureSource(
  client: Pick<DocSpaceClient, 'get'>,
  now: () => number,
): SignatureSource {
  let cached: { signature: Secret; renewAt: number } | undefined;
  let pending: Promise<Secret> | undefined;

  async function fetchSignature(signal: AbortSignal | undefined): Promise<Secret> {
    const value = await client.get<unknown>('/api/2.0/security/oauth2/token', signal ? { signal } : {});
    if (typeof value !== 'string' || value === '')
      throw new AuthResponseError('GET /api/2.0/security/oauth2/token did not answer a signature', {
        code: 'ERR_OAUTH_BAD_RESPONSE',
      });
    const exp = readUnverifiedClaims(value)?.exp;
    const renewAt =
      typeof exp === 'number' ? exp * 1000 - SIGNATURE_MARGIN_MS : now() + SIGNATURE_FALLBACK_MS;
    const signature = new Secret(value);
    cached = { signature, renewAt };
    return signature;
  }

  return {
    get(signal) {
      if (cached && now() < cached.renewAt) return Promise.resolve(cached.signature);
      pending ??= fetchSignature(signal).finally(() => {
        pending = undefined;
      });
      return pending;
    },
    reject(used) {
      if (cached?.signature === used) cached = undefined;
    },
  };
}
