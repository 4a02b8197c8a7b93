import { AuthError, type Clock, type FetchLike } from '@ds/auth-core';
import { readTextCapped, runWithTimeout } from '@ds/auth-core/strategy';
import type { JWTVerifyGetKey } from 'jose';
import { idTokenError } from './errors.js';
import { loadLocalJwks } from './load-jose.js';

type LocalKeySet = ReturnType<typeof import('jose/jwks/local')['createLocalJWKSet']>;

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
 * Fetches the provider's key set with the configured `fetch` and hands it to jose `createLocalJWKSet`,
 * which picks and imports the key for each token. The cache decisions follow the configured clock: an
 * unknown `kid` causes exactly one refetch, and none while the cooldown after the last fetch lasts (so
 * forged tokens cannot make us hammer the provider); after a failed fetch, lookups fail with that
 * failure until the cooldown ends (an endpoint answering 500 gets one request per cooldown, not one per
 * token); a failed refetch of keys past `maxAgeMs` keeps the old keys; a body over 512 KiB is not read;
 * callers that need the keys at the same time share one request. Throws `ERR_OIDC_UNKNOWN_KID`
 * (`IdTokenError`), `ERR_OIDC_JWKS_FAILED`, `ERR_AUTH_RESPONSE_TOO_LARGE`, `ERR_AUTH_TIMEOUT`.
 */
export function createJwksResolver(options: JwksResolverOptions): JwksResolver {
  const url = new URL(options.url).href;
  /** The last key set read, and when; replaced only by a fetch that succeeded. */
  let current: KeySetState | undefined;
  let pending: Promise<void> | undefined;
  let failedAt: number | undefined;
  let lastFailure: unknown;
  let fetchCount = 0;
  const now = (): number => options.clock.now();

  /** One GET of the key set under `timeoutMs` (the body read included); redirects are not followed. */
  const fetchKeySet = async (): Promise<LocalKeySet> => {
    fetchCount += 1;
    const text = await runWithTimeout(options.timeoutMs, undefined, 'the JWKS endpoint', async (signal) => {
      const response = await options.fetch(url, {
        method: 'GET',
        headers: { accept: 'application/json, application/jwk-set+json' },
        redirect: 'manual',
        signal,
      });
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => undefined);
        throw new Error(`the JWKS endpoint answered ${response.status}, not 200`);
      }
      // A key set is a few kilobytes, 30 MiB is an attack.
      return readTextCapped(response, MAX_JWKS_BYTES);
    });
    const { createLocalJWKSet } = await loadLocalJwks();
    return createLocalJWKSet(JSON.parse(text));
  };
  const failedRecently = (): boolean => failedAt !== undefined && now() - failedAt < options.cooldownMs;
  /** Fetches the key set, at most once per cooldown after a failure (an endpoint answering 500 is not hammered). */
  const reload = (): Promise<void> => {
    pending ??= (async () => {
      if (failedRecently()) throw lastFailure;
      try {
        current = { keys: await fetchKeySet(), fetchedAt: now(), chosen: new Map() };
        failedAt = undefined;
      } catch (error) {
        failedAt = now();
        lastFailure = mapJwksError(error);
        throw lastFailure;
      }
    })().finally(() => {
      pending = undefined;
    });
    return pending;
  };
  /** The key from the key set read last; called only once a fetch has succeeded. */
  const lookup: JWTVerifyGetKey = async (header, token) => {
    const state = current!;
    try {
      const key = await state.keys(header, token);
      remember(state, header, key);
      return key;
    } catch (error) {
      throw mapJwksError(error);
    }
  };
  const getKey: JWTVerifyGetKey = (header, token) => {
    // The key jose chose before for this "alg" and "kid", from the same key set: no promise.
    if (current !== undefined && now() - current.fetchedAt < options.maxAgeMs) {
      const key = current.chosen.get(header.alg)?.get(header.kid);
      if (key !== undefined) return key;
    }
    return slowKey(header, token);
  };
  const slowKey: JWTVerifyGetKey = async (header, token) => {
    if (current === undefined) await reload();
    else if (now() - current.fetchedAt >= options.maxAgeMs) await reload().catch(() => undefined); // old keys still work
    try {
      return await lookup(header, token);
    } catch (error) {
      const unknownKid = AuthError.isInstance(error) && error.code === 'ERR_OIDC_UNKNOWN_KID';
      if (
        !unknownKid ||
        failedRecently() ||
        (current !== undefined && now() - current.fetchedAt < options.cooldownMs)
      )
        throw error;
      await reload(); // one refetch: the provider may have rotated its keys
      return lookup(header, token);
    }
  };
  return {
    getKey,
    get fetchCount() {
      return fetchCount;
    },
  };
}

/** A key set read, when, and the keys jose chose from it by "alg" then "kid" (compared as jose does, `===`). */
interface KeySetState {
  keys: LocalKeySet;
  fetchedAt: number;
  chosen: Map<unknown, Map<unknown, KeyFound>>;
}

type KeyFound = Awaited<ReturnType<LocalKeySet>>;

/**
 * Keeps the key jose chose for a header: its choice depends on the header's "alg" and "kid" alone (a
 * compact JWS has no unprotected header), so the same pair from the same key set gets the same key.
 */
function remember(state: KeySetState, header: { alg?: unknown; kid?: unknown }, key: KeyFound): void {
  // jose compares a "kid" only when it is a string (any other value finds no key), so what is kept is
  // a string that named one of the set's keys, or none: made-up kids add nothing.
  if (typeof header.alg !== 'string' || (header.kid !== undefined && typeof header.kid !== 'string')) return;
  let byKid = state.chosen.get(header.alg);
  if (byKid === undefined) {
    byKid = new Map();
    state.chosen.set(header.alg, byKid);
  }
  byKid.set(header.kid, key);
}

function mapJwksError(error: unknown): unknown {
  if (AuthError.isInstance(error)) return error; // a timeout, an oversized body
  const code = (error as { code?: unknown })?.code;
  if (code === 'ERR_JWKS_NO_MATCHING_KEY')
    return idTokenError(
      'ERR_OIDC_UNKNOWN_KID',
      'kid',
      'no provider key matches the ID token "kid" (checked again at the JWKS endpoint)',
    );
  if (code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS' || code === 'ERR_JOSE_NOT_SUPPORTED') return error;
  if ((error as { name?: unknown })?.name === 'AbortError') return error;
  return new AuthError('ERR_OIDC_JWKS_FAILED', 'the JWKS endpoint did not answer with a usable key set', {
    retryable: true,
    cause: error instanceof Error ? new Error(error.message) : undefined,
  });
}
