const MAX_WAIT_MS = 86_400_000;
const TEN_YEARS_MS = 10 * 365 * 86_400_000;

/**
 * How long the server asked us to wait, in milliseconds, or `undefined` when it did not say.
 *
 * Reads `Retry-After` (delta-seconds or an HTTP date) first, then `X-RateLimit-Reset`, whose unit
 * varies on DocSpace: seconds on the API, epoch seconds on some proxies, and nanoseconds on the
 * identity service's 429 responses (a server bug, docs/docspace-behaviour.md §5.9). Results are capped at 24 h.
 *
 * @example
 * ```ts
 * parseRetryAfter(new Headers({ 'retry-after': '7' }), Date.now()); // 7000
 * ```
 */
export function parseRetryAfter(headers: Headers, now: number): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return clamp(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return clamp(date - now);
  }
  const reset = headers.get('x-ratelimit-reset')?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const value = Number(reset);
    if (value < 1e6) return clamp(value * 1000); // seconds until reset
    if (Math.abs(value * 1000 - now) < TEN_YEARS_MS) return clamp(value * 1000 - now); // epoch seconds
    return clamp(value / 1e6); // nanoseconds until reset
  }
  return undefined;
}

function clamp(ms: number): number {
  return Math.min(MAX_WAIT_MS, Math.max(0, Math.round(ms)));
}
