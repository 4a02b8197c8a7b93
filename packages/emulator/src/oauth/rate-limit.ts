import type { Exchange } from '../http.js';
import { sendEmpty } from '../http.js';

/**
 * Bucket4j-like limit on POSTs to the identity service per client IP (docspace-api.md 3.8): after the
 * limit, 429 with an empty body; `X-Ratelimit-Reset` is in nanoseconds on a 429 (the real bug) and in
 * seconds otherwise. Returns false when it answered 429.
 */
export function consumeOAuthPost(ex: Exchange): boolean {
  const limit = ex.ctx.options.oauthRateLimitPerMinute;
  if (limit === false) return true;
  const now = ex.ctx.clock.now();
  let window = ex.ctx.rateWindows.get(ex.ip);
  if (!window || now - window.start >= 60_000) {
    window = { start: now, count: 0 };
    ex.ctx.rateWindows.set(ex.ip, window);
  }
  const resetMs = window.start + 60_000 - now;
  if (window.count >= limit) {
    ex.ctx.stats.rateLimited++;
    sendEmpty(ex, 429, {
      'X-Ratelimit-Remaining': '0',
      'X-Ratelimit-Reset': String(BigInt(resetMs) * 1_000_000n),
    });
    return false;
  }
  window.count++;
  ex.res.setHeader('X-Ratelimit-Remaining', String(limit - window.count));
  ex.res.setHeader('X-Ratelimit-Reset', String(Math.ceil(resetMs / 1000)));
  return true;
}
