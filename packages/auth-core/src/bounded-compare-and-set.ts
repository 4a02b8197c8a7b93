import { clockSleep } from './clock.js';
import { AuthError } from './errors.js';
import { type RefreshPolicy, retryDelayMs } from './refresh-policy.js';
import type { CompareAndSetResult, StoredEntry, TokenStore } from './token-store.js';
import type { Clock } from './types.js';

/** Rounds of compare-and-set at most, before the store counts as changing too fast to write. */
export const MAX_WRITE_ROUNDS = 5;
/** Attempts of one write at most while the store fails retryably. */
const MAX_WRITE_ATTEMPTS = 12;

/** One bounded compare-and-set write: what to write where, and what to do when another writer was first. */
export interface BoundedWrite<T> {
  readonly store: TokenStore<T>;
  readonly key: string;
  /** The value to write; `undefined` deletes the entry. */
  readonly value: T | undefined;
  /** The version the entry is believed to be at (`0`: no entry). */
  readonly expected: number;
  /**
   * Another writer was first and `current` is there now (`undefined`: deleted): `retry` writes again
   * over it, `stop` gives up without writing. May throw. Default `retry`.
   */
  readonly onConflict?: ((current: StoredEntry<T> | undefined) => 'retry' | 'stop') | undefined;
  /** Checked before each round: `true` gives up without writing (the caller's state moved on). */
  readonly abandoned?: (() => boolean) | undefined;
  /** Performs one round's write; default `store.compareAndSet`. */
  readonly write?: ((expected: number) => Promise<CompareAndSetResult<T>>) | undefined;
}

/**
 * Writes with compare-and-set, reading the winner's version after each conflict, for at most
 * {@link MAX_WRITE_ROUNDS} rounds. Resolves to the version written (0 for a delete), or `stopped` when
 * `onConflict` or `abandoned` gave up. Rejects with `ERR_AUTH_STORE_CONFLICT` (retryable) when the
 * entry changed every round, and with the store's error when a write fails.
 */
export async function boundedCompareAndSet<T>(write: BoundedWrite<T>): Promise<number | 'stopped'> {
  const { store, key, value } = write;
  let expected = write.expected;
  for (let round = 0; round < MAX_WRITE_ROUNDS; round++) {
    if (write.abandoned?.() === true) return 'stopped';
    const result = await (write.write ? write.write(expected) : store.compareAndSet(key, expected, value));
    if (result.ok) return result.version;
    if ((write.onConflict?.(result.current) ?? 'retry') === 'stop') return 'stopped';
    expected = result.current?.version ?? 0;
  }
  throw new AuthError('ERR_AUTH_STORE_CONFLICT', `the token store kept changing under key "${key}"`, {
    retryable: true,
  });
}

/**
 * One `compareAndSet`, tried again with backoff while the store fails retryably (a restart, a dropped
 * connection), for up to `timeoutMs` and {@link MAX_WRITE_ATTEMPTS} attempts. For a token set that
 * was just obtained: with a rotating refresh token it exists nowhere else, so giving up at the first
 * failure would lose it.
 */
export async function compareAndSetRetrying<T>(
  store: TokenStore<T>,
  key: string,
  expected: number,
  value: T | undefined,
  retry: { readonly clock: Clock; readonly policy: RefreshPolicy; readonly timeoutMs: number },
): Promise<CompareAndSetResult<T>> {
  const { clock } = retry;
  const until = clock.now() + retry.timeoutMs;
  for (let failures = 1; ; failures++) {
    try {
      return await store.compareAndSet(key, expected, value);
    } catch (error) {
      const retryable = AuthError.isInstance(error) && error.retryable;
      if (!retryable || failures >= MAX_WRITE_ATTEMPTS || clock.now() >= until) throw error;
      await clockSleep(
        clock,
        Math.min(retryDelayMs(retry.policy, failures), Math.max(1, until - clock.now())),
      );
    }
  }
}
