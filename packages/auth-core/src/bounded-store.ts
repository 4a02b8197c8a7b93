import { abortable } from './clock.js';
import { AuthTimeoutError } from './errors.js';
import { Deadline } from './http.js';
import type { ReleaseLock, TokenStore } from './token-store.js';

/** The deadlines of {@link boundStore}. */
export interface StoreDeadlines {
  /** For one `get`, one `compareAndSet` and one lock release (`storeTimeoutMs`). Default 20 000. */
  readonly callMs?: number | undefined;
  /** What the caller's lock signal stands for, reported when it ends a wait for `lock()`. Default `callMs`. */
  readonly lockMs?: number | undefined;
}

const noop = (): void => undefined;

/**
 * Settles like `work()`, or rejects with a retryable `AuthTimeoutError` once `ms` have passed. The
 * work itself goes on (a store call cannot be taken back) and its late answer is dropped; the deadline
 * is released as soon as either side settles.
 */
async function within<R>(work: () => Promise<R>, ms: number, what: string): Promise<R> {
  const deadline = new Deadline(ms);
  try {
    return await abortable(work(), deadline.signal);
  } catch (error) {
    if (deadline.expired)
      throw new AuthTimeoutError(`the token store did not finish ${what} within ${ms} ms`, { timeoutMs: ms });
    throw error;
  } finally {
    deadline.release();
  }
}

/**
 * The token manager's view of `store`: no call can keep a refresh (and with it every caller waiting
 * on the single flight) waiting for ever. A `get`, a `compareAndSet` or a lock release that has not
 * settled after `callMs` rejects with a retryable `AuthTimeoutError` naming the call and the key. A
 * write that lands after its deadline is harmless: writes are compare-and-set, so the manager's next
 * write finds it and adopts it. `lock()` ends when the caller's signal aborts, even if the store does
 * not watch the signal, and a lock granted after that is released at once.
 */
export function boundStore<T>(store: TokenStore<T>, deadlines: StoreDeadlines): TokenStore<T> {
  const { callMs = 20_000, lockMs = callMs } = deadlines;
  const bounded: TokenStore<T> = {
    get: (key) => within(() => store.get(key), callMs, `reading key "${key}"`),
    compareAndSet: (key, expectedVersion, value) =>
      within(() => store.compareAndSet(key, expectedVersion, value), callMs, `writing key "${key}"`),
  };
  if (typeof store.lock !== 'function') return bounded;
  bounded.lock = async (key, options = {}) => {
    const { signal } = options;
    const granted = store.lock!(key, options);
    let release: ReleaseLock;
    try {
      release = await abortable(granted, signal);
    } catch (error) {
      if (!signal?.aborted || AuthTimeoutError.isInstance(error)) throw error;
      // The store missed the signal: stop waiting here, and give back a lock it grants later.
      granted.then((late) => late().catch(noop), noop);
      throw new AuthTimeoutError(`gave up waiting for the lock on key "${key}" after ${lockMs} ms`, {
        timeoutMs: lockMs,
        cause: signal.reason,
      });
    }
    const boundedRelease = () => within(() => release(), callMs, `releasing the lock on key "${key}"`);
    return Object.assign(boundedRelease, {
      takenOver: release.takenOver,
      heldByPreviousMs: release.heldByPreviousMs,
    });
  };
  return bounded;
}
