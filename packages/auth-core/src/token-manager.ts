import { abortable, clockSleep, systemClock } from './clock.js';
import { AuthConfigError, AuthError, AuthTimeoutError, AuthUnavailableError } from './errors.js';
import {
  backoffDelayMs,
  expiryMarginMs,
  type RefreshPolicy,
  type RefreshWindowOptions,
  type RetryOptions,
  refreshWindowMs,
  resolveRefreshPolicy,
} from './refresh-policy.js';
import { redactable } from './secret.js';
import {
  assertStoreKey,
  type CompareAndSetResult,
  type ReleaseLock,
  type StoredEntry,
  type TokenStore,
} from './token-store.js';
import type { Clock } from './types.js';
import { optionalFunction, optionalNumber, requireOptions } from './validate.js';

/** How often the stored entry is read while waiting for the silent holder of a taken-over lock. */
const TAKEOVER_POLL_MS = 50;
/** Writes of an obtained token set tried at most while the store fails retryably. */
const MAX_WRITE_ATTEMPTS = 12;

/** The fields the token manager reads from a token set. Everything else is the strategy's. */
export interface ManagedToken {
  /** When the token expires, in epoch milliseconds. Without it the token is used until invalidated. */
  expiresAt?: number | undefined;
  /** When the token was issued, in epoch milliseconds; used to scale the refresh window. */
  issuedAt?: number | undefined;
}

/** Why the token manager asks for a new token. */
export type RefreshReason = 'initial' | 'expiring' | 'expired' | 'invalidated' | 'forced';

/** What {@link TokenManagerOptions.obtain} receives. */
export interface ObtainContext<T> {
  /** The token set being replaced (with its refresh token), or `undefined` when there is none. */
  readonly current: T | undefined;
  /** Why a token is needed. */
  readonly reason: RefreshReason;
  /** Aborts on this attempt's timeout. Never a caller's signal: callers may give up, the refresh goes on. */
  readonly signal: AbortSignal;
  /** 1 for the first attempt of this refresh, 2 for the first retry, ... */
  readonly attempt: number;
}

/** An event for every way a token set changes, for persistence hooks, metrics and logs. */
export interface TokenEvent<T> {
  /** `obtained` (login or refresh), `loaded` (from the store, e.g. another process refreshed), `set`, `cleared`. */
  readonly type: 'obtained' | 'loaded' | 'set' | 'cleared';
  /** For `obtained`: why. */
  readonly reason?: RefreshReason;
  /** The new token set; `undefined` for `cleared`. Never log it: it holds secrets. */
  readonly token: T | undefined;
  /** The generation of the new token set (0 for `cleared`). */
  readonly generation: number;
}

/** Options for {@link createTokenManager}. */
export interface TokenManagerOptions<T extends ManagedToken> {
  /** Gets a new token set: a login, a refresh-token grant, ... Throw an `AuthError` to fail. */
  obtain: (context: ObtainContext<T>) => Promise<T>;
  /** Where token sets persist. Without one they live in this manager only. */
  store?: TokenStore<T> | undefined;
  /** The store key of this token set, for example one per DocSpace user. Required with `store`. */
  key?: string | undefined;
  /** The time source. Default: the system clock. */
  clock?: Clock | undefined;
  /** How early to refresh. */
  refreshWindow?: RefreshWindowOptions | undefined;
  /** How to retry failing refreshes. */
  retry?: RetryOptions | undefined;
  /** Timeout of one `obtain` attempt in milliseconds. Default 30 000. */
  timeoutMs?: number | undefined;
  /** How long to wait for another process's lock in milliseconds. Default 60 000. */
  lockTimeoutMs?: number | undefined;
  /** Called for every change of the token set. Exceptions thrown here are ignored. */
  onTokens?: ((event: TokenEvent<T>) => void) | undefined;
  /** Whether an error from `obtain` is worth retrying. Default: `AuthError.retryable`. */
  isRetryable?: ((error: unknown) => boolean) | undefined;
  /**
   * Whether an error from `obtain` means the token set is dead for good (an OAuth `invalid_grant`).
   * The set is then forgotten, and removed from the store only if nobody replaced it meanwhile.
   */
  isTerminal?: ((error: unknown) => boolean) | undefined;
}

/** A token set with the generation that identifies it. */
export interface CurrentToken<T> {
  readonly token: T;
  readonly generation: number;
}

/** Options for {@link TokenManager.get}. */
export interface GetTokenOptions {
  /** Stop waiting. Never cancels a refresh other callers share. */
  signal?: AbortSignal | undefined;
  /** Get a new token even if the current one is fresh. */
  forceRefresh?: boolean | undefined;
}

/** The token lifecycle of one token set. Create one per user and keep it: the cache is per instance. */
export interface TokenManager<T extends ManagedToken> {
  /** A fresh token set: cached, refreshed proactively, one refresh however many callers wait. */
  get(options?: GetTokenOptions): Promise<CurrentToken<T>>;
  /** The server rejected generation `generation`: the next `get()` obtains a new token. Older generations are ignored. */
  invalidate(generation: number): void;
  /** Replaces the token set (e.g. after an OAuth callback) and persists it. */
  set(token: T): Promise<CurrentToken<T>>;
  /** Forgets the token set here and in the store. A refresh in flight will not bring it back. */
  clear(): Promise<void>;
  /** The token set held right now, without any I/O. */
  peek(): CurrentToken<T> | undefined;
  /** The token set when it is fresh (not due for refresh, not invalidated), without any I/O. */
  peekFresh(): CurrentToken<T> | undefined;
  /**
   * Resolves once no refresh is in flight (background ones included), whatever their outcome. Await
   * it before closing a store's connection or exiting, so a rotated refresh token is written first.
   */
  settle(): Promise<void>;
}

interface Held<T> {
  token: T;
  generation: number;
  /** The store version it was read or written at (0 without a store). */
  version: number;
  /** Before this time (epoch ms) it is fresh; computed once, so the cached path is one comparison. */
  freshUntil: number;
  /** From this time on it counts as expired (it would likely expire on the way to the server). */
  expiredFrom: number;
  /** What `get()` hands out, built once. */
  current: CurrentToken<T>;
}

/**
 * Creates the token lifecycle that every token-based strategy uses: proactive refresh before expiry
 * (window scaled to the token's lifetime), single-flight (N concurrent callers, one refresh), no older
 * response ever replacing a newer token, bounded retry with backoff while the old token is still
 * valid, callers that abort without cancelling the shared refresh, no timers left running, and
 * compare-and-set (plus the store's lock, if any) so several processes refresh a rotating token once.
 *
 * Throws `AuthConfigError` for invalid options.
 *
 * @example
 * ```ts
 * const manager = createTokenManager({
 *   obtain: async ({ current }) => refreshOrLogin(current),
 *   store: createMemoryTokenStore(),
 *   key: 'user-1',
 * });
 * const { token, generation } = await manager.get();
 * ```
 */
export function createTokenManager<T extends ManagedToken>(options: TokenManagerOptions<T>): TokenManager<T> {
  requireOptions(options, 'options');
  const obtain = optionalFunction<TokenManagerOptions<T>['obtain']>(options.obtain, 'obtain');
  if (!obtain) throw new AuthConfigError('obtain', '"obtain" must be a function');
  const store = options.store;
  if (
    store !== undefined &&
    (typeof store !== 'object' ||
      store === null ||
      typeof store.get !== 'function' ||
      typeof store.compareAndSet !== 'function')
  ) {
    throw new AuthConfigError('store', '"store" must implement get() and compareAndSet()');
  }
  const key = options.key ?? 'default';
  assertStoreKey(key);
  if (store !== undefined && options.key === undefined) {
    throw new AuthConfigError('key', '"key" is required with "store"');
  }
  const clock = options.clock ?? systemClock;
  if (typeof clock.now !== 'function') throw new AuthConfigError('clock', '"clock" must have a now() method');
  const policy: RefreshPolicy = resolveRefreshPolicy(options.refreshWindow, options.retry);
  const timeoutMs = optionalNumber(options.timeoutMs, 'timeoutMs', 1, 3_600_000) ?? 30_000;
  const lockTimeoutMs = optionalNumber(options.lockTimeoutMs, 'lockTimeoutMs', 1, 3_600_000) ?? 60_000;
  const onTokens = optionalFunction<(event: TokenEvent<T>) => void>(options.onTokens, 'onTokens');
  const isRetryable =
    optionalFunction<(error: unknown) => boolean>(options.isRetryable, 'isRetryable') ??
    ((error: unknown) => AuthError.isInstance(error) && error.retryable);
  const isTerminal =
    optionalFunction<(error: unknown) => boolean>(options.isTerminal, 'isTerminal') ?? (() => false);

  let held: Held<T> | undefined;
  let invalidated = false;
  let nextGeneration = 1;
  let epoch = 0;
  let flight: Promise<Held<T>> | undefined;
  let failures = 0;
  let nextAttemptAt = 0;
  let lastError: unknown;

  const emit = (event: TokenEvent<T>): void => {
    try {
      onTokens?.(event);
    } catch {
      // A listener must not break authentication.
    }
  };

  /** When `token` stops being fresh and when it counts as expired, from its lifetime (`issuedAt`, else `receivedAt`). */
  const thresholds = (token: T, receivedAt: number): { freshUntil: number; expiredFrom: number } => {
    const expiresAt = token.expiresAt;
    if (expiresAt === undefined)
      return { freshUntil: Number.POSITIVE_INFINITY, expiredFrom: Number.POSITIVE_INFINITY };
    const lifetime = Math.max(0, expiresAt - (token.issuedAt ?? receivedAt));
    return {
      freshUntil: expiresAt - refreshWindowMs(policy, lifetime),
      expiredFrom: expiresAt - expiryMarginMs(lifetime),
    };
  };

  /** `fresh`: use it; `expiring`: use it, refresh in the background; `expired`: must refresh first. */
  const stateOf = (
    entry: Pick<Held<T>, 'freshUntil' | 'expiredFrom'>,
    now: number,
  ): 'fresh' | 'expiring' | 'expired' =>
    now >= entry.expiredFrom ? 'expired' : now >= entry.freshUntil ? 'expiring' : 'fresh';

  const adopt = (
    token: T,
    version: number,
    event: TokenEvent<T>['type'],
    reason?: RefreshReason,
  ): Held<T> => {
    const generation = nextGeneration++;
    held = {
      token,
      version,
      generation,
      ...thresholds(token, clock.now()),
      current: Object.freeze({ token, generation }),
    };
    invalidated = false;
    failures = 0;
    nextAttemptAt = 0;
    lastError = undefined;
    emit({ type: event, token, generation: held.generation, ...(reason ? { reason } : {}) });
    return held;
  };

  /** A stored entry that another process wrote and that is still good to use. */
  const usableStored = (entry: StoredEntry<T> | undefined, rejectedVersion: number | undefined): boolean => {
    if (!entry || (rejectedVersion !== undefined && entry.version <= rejectedVersion)) return false;
    const now = clock.now();
    return now < thresholds(entry.value, now).freshUntil;
  };

  const validateObtained = (token: unknown): T => {
    if (typeof token !== 'object' || token === null) {
      throw new AuthError('ERR_AUTH_BAD_TOKEN', 'the token source returned no token set');
    }
    const expiresAt = (token as ManagedToken).expiresAt;
    if (expiresAt !== undefined && (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt))) {
      throw new AuthError(
        'ERR_AUTH_BAD_TOKEN',
        'the token source returned a token set with an invalid "expiresAt"',
      );
    }
    return token as T;
  };

  const attemptObtain = async (
    current: T | undefined,
    reason: RefreshReason,
    attempt: number,
  ): Promise<T> => {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      return validateObtained(await abortable(obtain({ current, reason, signal, attempt }), signal));
    } catch (error) {
      if (signal.aborted && !AuthError.isInstance(error)) {
        throw new AuthTimeoutError(`getting a token took longer than ${timeoutMs} ms`, { timeoutMs });
      }
      throw error;
    }
  };

  /** Obtains with retries. A background refresh (old token still valid) makes one attempt only. */
  const obtainWithRetry = async (
    current: T | undefined,
    reason: RefreshReason,
    blocking: boolean,
  ): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptObtain(current, reason, attempt);
      } catch (error) {
        failures += 1;
        lastError = error;
        const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
        const delay = backoffDelayMs(
          policy,
          failures,
          typeof retryAfterMs === 'number' ? retryAfterMs : undefined,
        );
        nextAttemptAt = clock.now() + delay;
        // A background refresh makes one attempt, unless the old token ran out meanwhile and callers wait.
        const needed =
          blocking || held === undefined || invalidated || stateOf(held, clock.now()) === 'expired';
        if (!needed || attempt >= policy.attempts || !isRetryable(error)) throw error;
        await clockSleep(clock, delay);
      }
    }
  };

  /**
   * Writes `token` where `expected` was read and resolves to the new store version (0 without a
   * store), or `superseded` when a usable newer entry is there already (adopt that one instead).
   */
  const persist = async (token: T, expected: number, startEpoch: number): Promise<number | 'superseded'> => {
    if (!store) return 0;
    let expectedVersion = expected;
    for (let round = 0; round < 5; round++) {
      if (epoch !== startEpoch) return 'superseded';
      const result = await writeRetrying(expectedVersion, token);
      if (result.ok) return result.version;
      if (result.current === undefined) {
        // Deleted meanwhile (a logout elsewhere): respect it rather than resurrect the session.
        throw clearedError();
      }
      if (usableStored(result.current, expected)) return 'superseded';
      expectedVersion = result.current.version;
    }
    throw new AuthError('ERR_AUTH_STORE_CONFLICT', `the token store kept changing under key "${key}"`, {
      retryable: true,
    });
  };

  /**
   * `compareAndSet`, retried with backoff while the store fails retryably (a restart, a dropped
   * connection) for up to `timeoutMs`: the token set was obtained already, and with a rotating refresh
   * token it exists nowhere else, so giving up at the first failure would lose it.
   */
  const writeRetrying = async (expectedVersion: number, token: T): Promise<CompareAndSetResult<T>> => {
    const until = clock.now() + timeoutMs;
    for (let failures = 1; ; failures++) {
      try {
        return await store!.compareAndSet(key, expectedVersion, token);
      } catch (error) {
        const retryable = AuthError.isInstance(error) && error.retryable;
        if (!retryable || failures >= MAX_WRITE_ATTEMPTS || clock.now() >= until) throw error;
        await clockSleep(clock, Math.min(backoffDelayMs(policy, failures), Math.max(1, until - clock.now())));
      }
    }
  };

  /** Drops a dead token set: here, and in the store only if it still holds the version we used. */
  const forget = async (version: number, startEpoch: number): Promise<void> => {
    if (epoch !== startEpoch) return;
    epoch += 1;
    held = undefined;
    invalidated = false;
    if (store && version !== 0) await store.compareAndSet(key, version, undefined).catch(() => undefined);
    emit({ type: 'cleared', token: undefined, generation: 0 });
  };

  const clearedError = (): AuthUnavailableError =>
    new AuthUnavailableError('the token set was cleared while a new token was being obtained', {
      code: 'ERR_AUTH_CLEARED',
    });
  const currentOrCleared = (): Held<T> => {
    if (!held) throw clearedError();
    return held;
  };

  /**
   * After taking over the lock of a silent holder: the entry once it changes, or as it is after
   * `windowMs` (what is left of the `timeoutMs` a refresh attempt of a holder like us can be in flight).
   */
  const awaitPreviousHolder = async (
    entry: StoredEntry<T> | undefined,
    windowMs: number,
  ): Promise<StoredEntry<T> | undefined> => {
    const until = clock.now() + windowMs;
    while (clock.now() < until) {
      await clockSleep(clock, Math.min(TAKEOVER_POLL_MS, Math.max(1, until - clock.now())));
      const latest = await store?.get(key);
      if (latest?.version !== entry?.version) return latest;
    }
    return entry;
  };

  /** The stored entry when it is newer than `version` (read failures count as none). */
  const newerEntry = async (version: number): Promise<StoredEntry<T> | undefined> => {
    const entry = await store?.get(key).catch(() => undefined);
    return entry !== undefined && entry.version > version ? entry : undefined;
  };

  const refresh = async (reason: RefreshReason, blocking: boolean): Promise<Held<T>> => {
    const startEpoch = epoch;
    const rejectedVersion = reason === 'initial' ? undefined : held?.version;
    let release: ReleaseLock | undefined;
    try {
      let stored = store ? await store.get(key) : undefined;
      if (reason !== 'forced' && usableStored(stored, rejectedVersion) && stored) {
        return epoch === startEpoch ? adopt(stored.value, stored.version, 'loaded') : currentOrCleared();
      }
      if (store?.lock) {
        release = await store.lock(key, { signal: AbortSignal.timeout(lockTimeoutMs) });
        stored = await store.get(key);
        const adoptable = (entry: StoredEntry<T> | undefined): entry is StoredEntry<T> =>
          (reason !== 'forced' || (entry !== undefined && entry.version !== held?.version)) &&
          usableStored(entry, rejectedVersion);
        // The lock was taken from a holder that went silent: it may have spent the stored refresh token
        // and be about to write the new one. Spending it again would be refused (or worse): wait for it.
        if (!adoptable(stored) && release.takenOver === true)
          stored = await awaitPreviousHolder(stored, timeoutMs - (release.heldByPreviousMs ?? 0));
        if (adoptable(stored)) {
          return epoch === startEpoch ? adopt(stored.value, stored.version, 'loaded') : currentOrCleared();
        }
      }
      let token: T;
      for (let round = 1; ; round++) {
        const current = stored?.value ?? (store ? undefined : held?.token);
        try {
          token = await obtainWithRetry(current, reason, blocking);
          break;
        } catch (error) {
          if (!isTerminal(error)) throw error;
          // The server refused the token set we spent. Without a lock (or once it expired) that is what
          // the loser of a concurrent rotation sees: the winner's newer set is in the store, use it.
          const newer = store ? await newerEntry(stored?.version ?? 0) : undefined;
          if (newer === undefined || round >= 3) {
            await forget(stored?.version ?? 0, startEpoch);
            throw error;
          }
          if (epoch !== startEpoch) return currentOrCleared();
          stored = newer;
          if (stateOf(thresholds(newer.value, clock.now()), clock.now()) !== 'expired')
            return adopt(newer.value, newer.version, 'loaded');
          // Newer but expired already: refresh with it (its refresh token is the one not spent yet).
        }
      }
      const written = await persist(token, stored?.version ?? 0, startEpoch);
      // Cleared or replaced while we were waiting: the result of this refresh must not come back.
      if (epoch !== startEpoch) return currentOrCleared();
      if (written === 'superseded') {
        const latest = await store!.get(key);
        if (!latest) throw clearedError();
        return adopt(latest.value, latest.version, 'loaded');
      }
      return adopt(token, written, 'obtained', reason);
    } finally {
      if (release) await release().catch(() => undefined);
    }
  };

  const startFlight = (reason: RefreshReason, blocking: boolean): Promise<Held<T>> => {
    if (!flight) {
      const current = refresh(reason, blocking).finally(() => {
        if (flight === current) flight = undefined;
      });
      flight = current;
    }
    return flight;
  };

  const manager: TokenManager<T> = {
    async get(getOptions?: GetTokenOptions) {
      const signal = getOptions?.signal;
      if (signal?.aborted) throw signal.reason;
      const now = clock.now();
      if (!getOptions?.forceRefresh && held && !invalidated) {
        const state = stateOf(held, now);
        // The cached path: two comparisons, no allocation.
        if (state === 'fresh') return held.current;
        if (state === 'expiring') {
          if (!flight && now >= nextAttemptAt) {
            // Refresh in the background; the current token is still good, so a failure only backs off.
            startFlight('expiring', false).catch(() => undefined);
          }
          return held.current;
        }
      }
      if (!flight && !getOptions?.forceRefresh && lastError !== undefined && now < nextAttemptAt) {
        const expired = held === undefined || invalidated || stateOf(held, now) === 'expired';
        if (expired) throw lastError;
      }
      const reason: RefreshReason = getOptions?.forceRefresh
        ? 'forced'
        : held === undefined
          ? 'initial'
          : invalidated
            ? 'invalidated'
            : 'expired';
      return (await abortable(startFlight(reason, true), signal)).current;
    },
    invalidate(generation) {
      if (held && held.generation === generation) invalidated = true;
    },
    async set(token) {
      const valid = validateObtained(token);
      epoch += 1;
      let version = 0;
      if (store) {
        let expected = (await store.get(key))?.version ?? 0;
        for (;;) {
          const result = await store.compareAndSet(key, expected, valid);
          if (result.ok) {
            version = result.version;
            break;
          }
          expected = result.current?.version ?? 0;
        }
      }
      return adopt(valid, version, 'set').current;
    },
    async clear() {
      epoch += 1;
      held = undefined;
      invalidated = false;
      lastError = undefined;
      nextAttemptAt = 0;
      failures = 0;
      if (store) {
        for (;;) {
          const entry = await store.get(key);
          if (!entry) break;
          const result = await store.compareAndSet(key, entry.version, undefined);
          if (result.ok) break;
        }
      }
      emit({ type: 'cleared', token: undefined, generation: 0 });
    },
    peek() {
      return held?.current;
    },
    peekFresh() {
      return held && !invalidated && stateOf(held, clock.now()) === 'fresh' ? held.current : undefined;
    },
    async settle() {
      while (flight) await flight.catch(() => undefined);
    },
  };
  return redactable(manager, 'TokenManager');
}
