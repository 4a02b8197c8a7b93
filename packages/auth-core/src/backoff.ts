/** How {@link backoffDelayMs} grows. */
export interface BackoffOptions {
  /** The delay before the first retry, in milliseconds; it doubles per failure. */
  readonly baseMs: number;
  /** The longest delay, in milliseconds. */
  readonly maxMs: number;
  /** Add up to 25 % at random, so many clients that failed together do not retry in step. */
  readonly jitter?: boolean | undefined;
}

/**
 * The delay before retry number `failures` (1-based): `baseMs × 2^(failures - 1)`, with up to 25 %
 * jitter when asked, capped at `maxMs`. The one backoff of the library (token refreshes, store writes,
 * the DocSpace client's retries).
 *
 * @example
 * ```ts
 * backoffDelayMs(3, { baseMs: 250, maxMs: 5_000 }); // 1000
 * ```
 */
export function backoffDelayMs(failures: number, options: BackoffOptions): number {
  const exponential = options.baseMs * 2 ** Math.max(0, failures - 1);
  const delay = options.jitter === true ? exponential * (1 + Math.random() * 0.25) : exponential;
  return Math.min(delay, options.maxMs);
}
