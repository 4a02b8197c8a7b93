/** What {@link nextDelayMs} decides from. */
export interface NextDelayInput {
  /** The schedule. */
  readonly intervalMs: number;
  /** Upper bound of the exponential backoff (not of a server's `Retry-After`). */
  readonly maxBackoffMs: number;
  /** Failed runs in a row that asked for a backoff; 0 after a success. */
  readonly failures: number;
  /** The server's `Retry-After` of the last failure, in ms. */
  readonly retryAfterMs?: number | undefined;
}

/**
 * The wait before the next run: `intervalMs` normally; after `failures` runs in a row that asked for a
 * backoff, the server's `Retry-After` when it sent one, else `intervalMs × 2^failures` up to
 * `maxBackoffMs`. Never less than `intervalMs`, so trouble never makes the worker call more often.
 *
 * @example
 * ```ts
 * nextDelayMs({ intervalMs: 1000, maxBackoffMs: 60_000, failures: 2 }); // 4000
 * ```
 */
export function nextDelayMs(input: NextDelayInput): number {
  const { intervalMs, maxBackoffMs, failures, retryAfterMs } = input;
  if (failures <= 0) return intervalMs;
  if (retryAfterMs !== undefined) return Math.max(intervalMs, retryAfterMs);
  return Math.max(intervalMs, Math.min(maxBackoffMs, intervalMs * 2 ** failures));
}
