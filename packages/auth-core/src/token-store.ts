import { AuthConfigError } from './errors.js';
import { redactable } from './secret.js';

/** A value in a {@link TokenStore} with the version it was written at (1, 2, 3, ...). */
export interface StoredEntry<T> {
  readonly value: T;
  readonly version: number;
}

/** The outcome of {@link TokenStore.compareAndSet}. */
export type CompareAndSetResult<T> =
  | { readonly ok: true; readonly version: number }
  | { readonly ok: false; readonly current: StoredEntry<T> | undefined };

/**
 * Releases a lock taken with {@link TokenStore.lock}. A store that can tell sets `takenOver: true` when
 * the lock was taken from a holder that stopped renewing it without releasing it (it crashed, or is
 * cut off from the store): that holder may still have a refresh in flight with the stored token.
 * `heldByPreviousMs` then says how long ago that holder took the lock, when known.
 */
export type ReleaseLock = (() => Promise<void>) & {
  readonly takenOver?: boolean | undefined;
  readonly heldByPreviousMs?: number | undefined;
};

/**
 * Where token sets live between calls, processes and restarts.
 *
 * Writes are compare-and-set on a version, so two writers can never silently overwrite each other:
 * this is what keeps a rotating refresh token from being lost when several processes share a store.
 * A store may also offer {@link TokenStore.lock} so that only one process refreshes at a time.
 *
 * @example
 * ```ts
 * const store = createMemoryTokenStore();
 * await store.compareAndSet('user-1', 0, { accessToken: 'a' }); // { ok: true, version: 1 }
 * ```
 */
export interface TokenStore<T = unknown> {
  /** Reads the entry under `key`, or `undefined` when there is none. */
  get(key: string): Promise<StoredEntry<T> | undefined>;
  /**
   * Writes `value` under `key` only if the stored version is still `expectedVersion`
   * (`0` means "there must be no entry"). `value === undefined` deletes the entry.
   */
  compareAndSet(key: string, expectedVersion: number, value: T | undefined): Promise<CompareAndSetResult<T>>;
  /**
   * Optional cross-process mutual exclusion for `key`, held while a token is refreshed.
   * Resolves with a release function; rejects with an `AuthTimeoutError` (`ERR_AUTH_TIMEOUT`, the
   * signal's reason as `cause`) when `signal` aborts while waiting.
   */
  lock?(key: string, options?: { signal?: AbortSignal }): Promise<ReleaseLock>;
}

/** Throws `AuthConfigError` unless `key` is a usable store key (1-256 printable characters). */
export function assertStoreKey(key: unknown, option = 'key'): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 256 || /[\u0000-\u001f\u007f]/.test(key)) {
    throw new AuthConfigError(option, `"${option}" must be 1 to 256 printable characters`);
  }
}

/**
 * An in-process {@link TokenStore}. Values are deep-copied through JSON on the way in and out, so a
 * caller mutating a token set cannot change what is stored.
 *
 * @example
 * ```ts
 * const store = createMemoryTokenStore<{ accessToken: string }>();
 * ```
 */
export function createMemoryTokenStore<T = unknown>(): TokenStore<T> {
  const entries = new Map<string, { json: string; version: number }>();
  const versions = new Map<string, number>();
  const store: TokenStore<T> = {
    async get(key) {
      assertStoreKey(key);
      const entry = entries.get(key);
      return entry ? { value: JSON.parse(entry.json) as T, version: entry.version } : undefined;
    },
    async compareAndSet(key, expectedVersion, value) {
      assertStoreKey(key);
      const entry = entries.get(key);
      const currentVersion = entry?.version ?? 0;
      if (currentVersion !== expectedVersion) {
        return {
          ok: false,
          current: entry ? { value: JSON.parse(entry.json) as T, version: entry.version } : undefined,
        };
      }
      if (value === undefined) {
        entries.delete(key);
        return { ok: true, version: 0 };
      }
      // Versions only grow, even across a delete, so a stale writer can never match a recreated entry.
      const version = Math.max(currentVersion, versions.get(key) ?? 0) + 1;
      versions.set(key, version);
      entries.set(key, { json: JSON.stringify(value), version });
      return { ok: true, version };
    },
  };
  return redactable(store, 'MemoryTokenStore');
}
