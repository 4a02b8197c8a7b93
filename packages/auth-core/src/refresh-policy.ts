import { backoffDelayMs } from './backoff.js';
import { AuthConfigError } from './errors.js';
import { optionalNumber } from './validate.js';

/** How early a token is refreshed, relative to its lifetime. */
export interface RefreshWindowOptions {
  /** The share of the token's lifetime before expiry at which to refresh. Default 0.1, at most 0.5. */
  ratio?: number;
  /** The smallest window in milliseconds (network latency). Default 10 000. */
  minMs?: number;
  /** The largest window in milliseconds. Default 300 000 (5 minutes). */
  maxMs?: number;
}

/** How a failing refresh is retried. */
export interface RetryOptions {
  /** Attempts per blocking refresh, including the first. Default 3, from 1 to 10. */
  attempts?: number;
  /** The first backoff delay in milliseconds; it doubles per failure. Default 250. */
  baseDelayMs?: number;
  /** The largest backoff delay in milliseconds (also caps `Retry-After`). Default 5 000. */
  maxDelayMs?: number;
}

/** The resolved refresh policy of a token manager. */
export interface RefreshPolicy {
  readonly ratio: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** Validates the window and retry options (throws `AuthConfigError` naming the option) and fills defaults. */
export function resolveRefreshPolicy(
  window: RefreshWindowOptions | undefined,
  retry: RetryOptions | undefined,
): RefreshPolicy {
  const minMs = optionalNumber(window?.minMs, 'refreshWindow.minMs', 0, 86_400_000) ?? 10_000;
  const maxMs = optionalNumber(window?.maxMs, 'refreshWindow.maxMs', 0, 86_400_000) ?? 300_000;
  if (maxMs < minMs) {
    throw new AuthConfigError(
      'refreshWindow.maxMs',
      '"refreshWindow.maxMs" must not be less than "refreshWindow.minMs"',
    );
  }
  return {
    ratio: optionalNumber(window?.ratio, 'refreshWindow.ratio', 0, 0.5) ?? 0.1,
    minMs,
    maxMs,
    attempts: optionalNumber(retry?.attempts, 'retry.attempts', 1, 10) ?? 3,
    baseDelayMs: optionalNumber(retry?.baseDelayMs, 'retry.baseDelayMs', 0, 600_000) ?? 250,
    maxDelayMs: optionalNumber(retry?.maxDelayMs, 'retry.maxDelayMs', 0, 600_000) ?? 5_000,
  };
}

/**
 * The delay before retry number `failures` (1-based) of a refresh: the jittered backoff from
 * `baseDelayMs`, or a server's longer `retryAfterMs`, never more than `maxDelayMs`.
 */
export function retryDelayMs(policy: RefreshPolicy, failures: number, retryAfterMs?: number): number {
  const backoff = backoffDelayMs(failures, {
    baseMs: policy.baseDelayMs,
    maxMs: policy.maxDelayMs,
    jitter: true,
  });
  return Math.min(Math.max(backoff, retryAfterMs ?? 0), policy.maxDelayMs);
}
