import { AuthError, AuthTimeoutError, type Clock, type FetchLike } from '@ds/auth-core';
import { readTextCapped } from '@ds/auth-core/strategy';
import type { JWTVerifyGetKey } from 'jose';
import { idTokenError } from './errors.js';
import { loadRemoteJwks } from './load-jose.js';

type RemoteKeySet = ReturnType<typeof import('jose/jwks/remote')['createRemoteJWKSet']>;

/** The largest key set read, in bytes: real ones are a few kilobytes. */
const MAX_JWKS_BYTES = 512 * 1024;

/** Options of {@link createJwksResolver}. */
export interface JwksResolverOptions {
  /** The provider's `jwks_uri`. */
  url: string;
  fetch: FetchLike;
  timeoutMs: number;
  clock: Clock;
  /** After a fetch, an unknown `kid` is rejected without fetching again for this long; after a failed fetch, every key lookup. */
  cooldownMs: number;
  /** Keys are fetched again once they are this old. */
  maxAgeMs: number;
}

/** A key resolver for jose, plus how many times it fetched (for tests and metrics). */
export interface JwksResolver {
  readonly getKey: JWTVerifyGetKey;
  readonly fetchCount: number;
}

/**
 * Wraps jose `createRemoteJWKSet` so every JWKS request goes through the configured `fetch` (jose's
 * `customFetch`) and the cache decisions follow the configured clock: an unknown `kid` causes exactly
 * one refetch, and none while the cooldown after the last fetch lasts (so forged tokens cannot make us
 * hammer the provider); after a failed fetch, lookups fail with that failure until the cooldown ends
 * (an endpoint answering 500 gets one request per cooldown, not one per token); a failed refetch of
 * keys past `maxAgeMs` keeps the old keys; a body over 512 KiB is not read. Throws
 * `ERR_OIDC_UNKNOWN_KID` (`IdTokenError`), `ERR_OIDC_JWKS_FAILED`, `ERR_AUTH_RESPONSE_TOO_LARGE`, `ERR_AUTH_TIMEOUT`.
 */
export function createJwksResolver(options: JwksResolverOptions): JwksResolver {
  let fetchedAt: number | undefined;
  let failedAt: number | undefined;
  let lastFailure: unknown;
  let fetchCount = 0;
  const url = new URL(options.url);
  // The key set of jose, made when the first key is needed (jose itself is loaded then).
  let remoteKeySet: Promise<RemoteKeySet> | undefined;
  const remote = (): Promise<RemoteKeySet> => {
    remoteKeySet ??= loadRemoteJwks().then(({ createRemoteJWKSet, customFetch }) =>
      createRemoteJWKSet(url, {
        timeoutDuration: options.timeoutMs,
        // jose measures both with Date.now(); we decide with the injected clock instead.
        cooldownDuration: Number.POSITIVE_INFINITY,
        cacheMaxAge: Number.POSITIVE_INFINITY,
        [customFetch]: async (input, init) => {
          fetchCount += 1;
          const response = await options.fetch(input, init);
          if (response.status !== 200) return response; // jose turns it into an error
          // jose would read any body in full: a key set is a few kilobytes, 30 MiB is an attack.
          const text = await readTextCapped(response, MAX_JWKS_BYTES);
          return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
        },
      }),
    );
    return remoteKeySet;
  };
  const now = (): number => options.clock.now();
  const resolve: JWTVerifyGetKey = async (header, token) => {
    try {
      return await (await remote())(header, token);
    } catch (error) {
      throw mapJwksError(error, options.timeoutMs);
    }
  };
  const failedRecently = (): boolean => failedAt !== undefined && now() - failedAt < options.cooldownMs;
  /** Fetches the key set, at most once per cooldown after a failure (an endpoint answering 500 is not hammered). */
  const reload = async (): Promise<void> => {
    if (failedRecently()) throw lastFailure;
    try {
      await (await remote()).reload();
      fetchedAt = now();
      failedAt = undefined;
    } catch (error) {
      failedAt = now();
      lastFailure = mapJwksError(error, options.timeoutMs);
      throw lastFailure;
    }
  };
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (fetchedAt === undefined) await reload();
    else if (now() - fetchedAt >= options.maxAgeMs) await reload().catch(() => undefined); // old keys still work
    try {
      return await resolve(header, token);
    } catch (error) {
      const unknownKid = AuthError.isInstance(error) && error.code === 'ERR_OIDC_UNKNOWN_KID';
      if (
        !unknownKid ||
        failedRecently() ||
        (fetchedAt !== undefined && now() - fetchedAt < options.cooldownMs)
      )
        throw error;
      await reload(); // one refetch: the provider may have rotated its keys
      return resolve(header, token);
    }
  };
  return {
    getKey,
    get fetchCount() {
      return fetchCount;
    },
  };
}

function mapJwksError(error: unknown, timeoutMs: number): unknown {
  if (AuthError.isInstance(error)) return error;
  const code = (error as { code?: unknown })?.code;
  if (code === 'ERR_JWKS_NO_MATCHING_KEY')
    return idTokenError(
      'ERR_OIDC_UNKNOWN_KID',
      'kid',
      'no provider key matches the ID token "kid" (checked again at the JWKS endpoint)',
    );
  if (code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS' || code === 'ERR_JOSE_NOT_SUPPORTED') return error;
  if (code === 'ERR_JWKS_TIMEOUT')
    return new AuthTimeoutError(`the JWKS endpoint took longer than ${timeoutMs} ms`, { timeoutMs });
  if ((error as { name?: unknown })?.name === 'AbortError') return error;
  return new AuthError('ERR_OIDC_JWKS_FAILED', 'the JWKS endpoint did not answer with a usable key set', {
    retryable: true,
    cause: error instanceof Error ? new Error(error.message) : undefined,
  });
}
