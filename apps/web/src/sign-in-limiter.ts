import type { Clock } from '@ds/auth-core';

/** Options for {@link createSignInLimiter}. */
export interface SignInLimiterOptions {
  clock: Clock;
  /** Sign-ins one client may start per minute (a burst of this many, then one every 60 s / n). */
  perMinute: number;
  /** Clients remembered at most; the least recently seen are forgotten first. Default 10 000. */
  maxClients?: number | undefined;
}

/** A per-client token bucket for new sign-ins. */
export interface SignInLimiter {
  /** Whether `client` (its address) may start one more sign-in now; takes one token when it may. */
  allow(client: string): boolean;
}

/**
 * Creates the per-client limit on `/signin` requests that would create a session, so one client cannot
 * fill the store of sign-ins in progress. Buckets follow `clock`; the map of clients is bounded too.
 * Throws a RangeError for a `perMinute` below 1.
 *
 * @example
 * ```ts
 * const limiter = createSignInLimiter({ clock: { now: Date.now }, perMinute: 20 });
 * if (!limiter.allow(request.socket.remoteAddress ?? '')) return tooMany(response);
 * ```
 */
export function createSignInLimiter(options: SignInLimiterOptions): SignInLimiter {
  const { clock, perMinute } = options;
  const maxClients = options.maxClients ?? 10_000;
  if (!(perMinute >= 1)) throw new RangeError('"signInsPerMinute" must be at least 1');
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    allow(client) {
      const now = clock.now();
      const bucket = buckets.get(client) ?? { tokens: perMinute, at: now };
      buckets.delete(client); // re-inserted below: Map order is the LRU order
      bucket.tokens = Math.min(
        perMinute,
        bucket.tokens + (Math.max(0, now - bucket.at) * perMinute) / 60_000,
      );
      bucket.at = now;
      const allowed = bucket.tokens >= 1;
      if (allowed) bucket.tokens -= 1;
      buckets.set(client, bucket);
      if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value as string);
      return allowed;
    },
  };
}
