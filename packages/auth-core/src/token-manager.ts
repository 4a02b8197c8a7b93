import { boundedCompareAndSet, compareAndSetRetrying } from './bounded-compare-and-set.js';
import { boundStore } from './bounded-store.js';
import { abortable, clockSleep, systemClock } from './clock.js';
import { AuthConfigError, AuthError, AuthUnavailableError } from './errors.js';
import { attemptObtain, validateToken } from './obtain-attempt.js';
import { type RefreshPolicy, resolveRefreshPolicy, retryDelayMs } from './refresh-policy.js';
import { redactable } from './secret.js';
import { type Freshness, freshnessOf, isAdoptable, stateAt } from './token-freshness.js';
import type {
  CurrentToken,
  GetTokenOptions,
  ManagedToken,
  RefreshReason,
  TokenEvent,
  TokenManager,
  TokenManagerOptions,
} from './token-manager-types.js';
import { assertStoreKey, type ReleaseLock, type StoredEntry } from './token-store.js';
import { optionalFunction, optionalNumber, requireOptions } from './validate.js';

/** How often the stored entry is read while waiting for the silent holder of a taken-over lock. */
const TAKEOVER_POLL_MS = 50;

/** The token set in use, with what the manager knows about it. */
interface Held<T> extends Freshness {
  readonly token: T;
  readonly generation: number;
  /** The store version it was read or written at (0 without a store). */
  readonly version: number;
  /** What `get()` hands out, built once. */
  readonly current: CurrentToken<T>;
  /** The server rejected it (`invalidate`): the next `get()` refreshes. */
  invalidated: boolean;
}

/** The last failed attempt to obtain a token set, until one succeeds. */
interface Failure {
  /** Failures in a row. */
  readonly count: number;
  /** No new attempt before this time (epoch ms) unless a caller has to have a token. */
  readonly retryAt: number;
  readonly error: unknown;
}

const noop = (): void => undefined;

/**
 * Creates the token lifecycle that every token-based strategy uses: proactive refresh before expiry
 * (window scaled to the token's lifetime), single-flight (N concurrent callers, one refresh), no older
 * response ever replacing a newer token, bounded retry with backoff while the old token is still
 * valid, callers that abort without cancelling the shared refresh, no timers left running,
 * compare-and-set (plus the store's lock, if any) so several processes refresh a rotating token once,
 * and a deadline on every store call (`storeTimeoutMs`) so a store that stops answering cannot hold
 * up the refresh.
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
  const { obtain, store, key, clock, policy, timeoutMs, lockTimeoutMs, onTokens, isRetryable, isTerminal } =
    resolveOptions(options);

  // The whole state: the token set in use, the last failure, the refresh in flight, and two counters.
  let held: Held<T> | undefined;
  let failure: Failure | undefined;
  let flight: Promise<Held<T>> | undefined;
  let nextGeneration = 1;
  /** Moves on every `set()`, `clear()` and forgotten token set: a refresh begun before must not land. */
  let epoch = 0;

  const emit = (event: TokenEvent<T>): void => {
    try {
      onTokens?.(event);
    } catch {
      // A listener must not break authentication.
    }
  };

  const adopt = (token: T, version: number, type: TokenEvent<T>['type'], reason?: RefreshReason): Held<T> => {
    const generation = nextGeneration++;
    held = {
      token,
      version,
      generation,
      ...freshnessOf(token, clock.now(), policy),
      current: Object.freeze({ token, generation }),
      invalidated: false,
    };
    failure = undefined;
    emit({ type, token, generation, ...(reason ? { reason } : {}) });
    return held;
  };

  const clearedError = (): AuthUnavailableError =>
    new AuthUnavailableError('the token set was cleared while a new token was being obtained', {
      code: 'ERR_AUTH_CLEARED',
    });
  /** The result of a refresh overtaken by `set()` or `clear()`: whatever is held now. */
  const currentOrCleared = (): Held<T> => {
    if (!held) throw clearedError();
    return held;
  };
  /** A stored entry becomes the token set, unless a `set()` or `clear()` came meanwhile. */
  const adoptStored = (entry: StoredEntry<T>, startEpoch: number): Held<T> =>
    epoch === startEpoch ? adopt(entry.value, entry.version, 'loaded') : currentOrCleared();

  /** Whether callers must wait for a new token set: there is none, it was rejected, or it expired. */
  const mustRefreshFirst = (now: number): boolean =>
    held === undefined || held.invalidated || stateAt(held, now) === 'expired';

  /** Obtains with retries. A background refresh (old token still valid) makes one attempt only. */
  const obtainWithRetry = async (
    current: T | undefined,
    reason: RefreshReason,
    blocking: boolean,
  ): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptObtain(obtain, { current, reason, attempt }, timeoutMs);
      } catch (error) {
        const count = (failure?.count ?? 0) + 1;
        const retryAfterMs = (error as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
        const delay = retryDelayMs(
          policy,
          count,
          typeof retryAfterMs === 'number' ? retryAfterMs : undefined,
        );
        failure = { count, retryAt: clock.now() + delay, error };
        // A background refresh makes one attempt, unless the old token ran out meanwhile and callers wait.
        const needed = blocking || mustRefreshFirst(clock.now());
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
    const written = await boundedCompareAndSet({
      store,
      key,
      value: token,
      expected,
      write: (version) => compareAndSetRetrying(store, key, version, token, { clock, policy, timeoutMs }),
      abandoned: () => epoch !== startEpoch,
      onConflict(current) {
        // Deleted meanwhile (a logout elsewhere): respect it rather than resurrect the session.
        if (current === undefined) throw clearedError();
        return isAdoptable(current, expected, clock.now(), policy) ? 'stop' : 'retry';
      },
    });
    return written === 'stopped' ? 'superseded' : written;
  };

  /** Drops a dead token set: here, and in the store only if it still holds the version we used. */
  const forget = async (version: number, startEpoch: number): Promise<void> => {
    if (epoch !== startEpoch) return;
    epoch += 1;
    held = undefined;
    if (store && version !== 0) await store.compareAndSet(key, version, undefined).catch(noop);
    emit({ type: 'cleared', token: undefined, generation: 0 });
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

  /**
   * Obtains a token set from `stored` (or what is held, without a store) and persists it. A terminal
   * error is what the loser of a concurrent rotation sees when there is no lock (or it expired): the
   * winner's newer set is in the store, so that one is used, or refreshed when it expired already.
   */
  const obtainAndPersist = async (
    reason: RefreshReason,
    blocking: boolean,
    stored: StoredEntry<T> | undefined,
    startEpoch: number,
  ): Promise<Held<T>> => {
    let base = stored;
    let token: T | undefined;
    for (let round = 1; token === undefined; round++) {
      try {
        token = await obtainWithRetry(base?.value ?? (store ? undefined : held?.token), reason, blocking);
      } catch (error) {
        if (!isTerminal(error)) throw error;
        const newer = store ? await newerEntry(base?.version ?? 0) : undefined;
        if (newer === undefined || round >= 3) {
          await forget(base?.version ?? 0, startEpoch);
          throw error;
        }
        if (epoch !== startEpoch) return currentOrCleared();
        base = newer;
        const now = clock.now();
        if (stateAt(freshnessOf(newer.value, now, policy), now) !== 'expired')
          return adoptStored(newer, startEpoch);
        // Newer but expired already: refresh with it (its refresh token is the one not spent yet).
      }
    }
    const written = await persist(token, base?.version ?? 0, startEpoch);
    // Cleared or replaced while we were waiting: the result of this refresh must not come back.
    if (epoch !== startEpoch) return currentOrCleared();
    if (written !== 'superseded') return adopt(token, written, 'obtained', reason);
    const latest = await store!.get(key);
    if (!latest) throw clearedError();
    return adoptStored(latest, startEpoch);
  };

  /** One refresh: a usable stored entry if there is one (before and under the store's lock), else obtain. */
  const refresh = async (reason: RefreshReason, blocking: boolean): Promise<Held<T>> => {
    const startEpoch = epoch;
    const rejectedVersion = reason === 'initial' ? undefined : held?.version;
    const usable = (entry: StoredEntry<T> | undefined): entry is StoredEntry<T> =>
      isAdoptable(entry, rejectedVersion, clock.now(), policy);
    let release: ReleaseLock | undefined;
    try {
      let stored = store ? await store.get(key) : undefined;
      if (reason !== 'forced' && usable(stored)) return adoptStored(stored, startEpoch);
      if (store?.lock) {
        release = await store.lock(key, { signal: AbortSignal.timeout(lockTimeoutMs) });
        stored = await store.get(key);
        // Forced: only an entry someone else wrote since ours will do.
        const adoptable = (entry: StoredEntry<T> | undefined): entry is StoredEntry<T> =>
          (reason !== 'forced' || (entry !== undefined && entry.version !== held?.version)) && usable(entry);
        // The lock was taken from a holder that went silent: it may have spent the stored refresh token
        // and be about to write the new one. Spending it again would be refused (or worse): wait for it.
        if (!adoptable(stored) && release.takenOver === true)
          stored = await awaitPreviousHolder(stored, timeoutMs - (release.heldByPreviousMs ?? 0));
        if (adoptable(stored)) return adoptStored(stored, startEpoch);
      }
      return await obtainAndPersist(reason, blocking, stored, startEpoch);
    } finally {
      if (release) await release().catch(noop);
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
      const forced = Boolean(getOptions?.forceRefresh);
      if (!forced && held && !held.invalidated) {
        const state = stateAt(held, now);
        // The cached path: two comparisons, no allocation.
        if (state === 'fresh') return held.current;
        if (state === 'expiring') {
          // Refresh in the background; the current token is still good, so a failure only backs off.
          if (!flight && now >= (failure?.retryAt ?? 0)) startFlight('expiring', false).catch(noop);
          return held.current;
        }
      }
      // Backing off after a failure, with nothing usable to hand out: the failure stands until then.
      if (
        !flight &&
        !forced &&
        failure?.error !== undefined &&
        now < failure.retryAt &&
        mustRefreshFirst(now)
      )
        throw failure.error;
      const reason: RefreshReason = forced
        ? 'forced'
        : held === undefined
          ? 'initial'
          : held.invalidated
            ? 'invalidated'
            : 'expired';
      return (await abortable(startFlight(reason, true), signal)).current;
    },
    invalidate(generation) {
      if (held && held.generation === generation) held.invalidated = true;
    },
    async set(token) {
      const valid = validateToken<T>(token);
      epoch += 1;
      let version = 0;
      if (store) {
        const expected = (await store.get(key))?.version ?? 0;
        const written = await boundedCompareAndSet({ store, key, value: valid, expected });
        version = written === 'stopped' ? 0 : written;
      }
      return adopt(valid, version, 'set').current;
    },
    async clear() {
      epoch += 1;
      held = undefined;
      failure = undefined;
      const entry = await store?.get(key);
      if (store && entry) {
        await boundedCompareAndSet({
          store,
          key,
          value: undefined,
          expected: entry.version,
          onConflict: (current) => (current === undefined ? 'stop' : 'retry'),
        });
      }
      emit({ type: 'cleared', token: undefined, generation: 0 });
    },
    peek() {
      return held?.current;
    },
    peekFresh() {
      return held && !held.invalidated && stateAt(held, clock.now()) === 'fresh' ? held.current : undefined;
    },
    async settle() {
      while (flight) await flight.catch(noop);
    },
  };
  return redactable(manager, 'TokenManager');
}

/** The options of {@link createTokenManager}, validated (`AuthConfigError` naming the option) with defaults filled. */
function resolveOptions<T extends ManagedToken>(options: TokenManagerOptions<T>) {
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
  const storeTimeoutMs = optionalNumber(options.storeTimeoutMs, 'storeTimeoutMs', 1, 3_600_000);
  return {
    obtain,
    store: store && boundStore(store, { callMs: storeTimeoutMs, lockMs: lockTimeoutMs }),
    key,
    clock,
    policy,
    timeoutMs,
    lockTimeoutMs,
    onTokens: optionalFunction<(event: TokenEvent<T>) => void>(options.onTokens, 'onTokens'),
    isRetryable:
      optionalFunction<(error: unknown) => boolean>(options.isRetryable, 'isRetryable') ??
      ((error: unknown) => AuthError.isInstance(error) && error.retryable),
    isTerminal:
      optionalFunction<(error: unknown) => boolean>(options.isTerminal, 'isTerminal') ?? (() => false),
  };
}
