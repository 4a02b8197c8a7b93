// The freshness rules of the token manager, pure: when a token set is due for refresh, when it counts
// as expired, and whether a stored one is worth adopting. No I/O and no clock of its own.
import type { RefreshPolicy } from './refresh-policy.js';

/** The fields the freshness rules read from a token set. */
export interface TokenTimes {
  /** When the token expires, in epoch milliseconds. Without it the token is used until invalidated. */
  readonly expiresAt?: number | undefined;
  /** When the token was issued, in epoch milliseconds; used to scale the refresh window. */
  readonly issuedAt?: number | undefined;
}

/** The two moments that decide what a token set is worth, computed once per token set. */
export interface Freshness {
  /** Before this time (epoch ms) it is fresh. */
  readonly freshUntil: number;
  /** From this time on it counts as expired (it would likely expire on the way to the server). */
  readonly expiredFrom: number;
}

/** `fresh`: use it; `expiring`: use it and refresh in the background; `expired`: refresh first. */
export type FreshnessState = 'fresh' | 'expiring' | 'expired';

/**
 * The refresh window for a token of `lifetimeMs`: `ratio` of the lifetime, clamped to
 * [`minMs`, `maxMs`], and never more than half the lifetime, so a short-lived token is used for at
 * least half its life instead of being refreshed on every call.
 */
export function refreshWindowMs(policy: RefreshPolicy, lifetimeMs: number): number {
  const lifetime = Math.max(0, lifetimeMs);
  const scaled = Math.min(Math.max(lifetime * policy.ratio, policy.minMs), policy.maxMs);
  return Math.min(scaled, lifetime / 2);
}

/**
 * The margin before `expiresAt` at which a token counts as expired: it would likely expire on the
 * way to the server. 5 % of the lifetime, at most 2 seconds.
 */
export function expiryMarginMs(lifetimeMs: number): number {
  return Math.min(2_000, Math.max(0, lifetimeMs) * 0.05);
}

/**
 * When `token` stops being fresh and when it counts as expired, from its lifetime (from `issuedAt`,
 * else from `receivedAt`, when this process got it). A token without `expiresAt` never expires.
 */
export function freshnessOf(token: TokenTimes, receivedAt: number, policy: RefreshPolicy): Freshness {
  const expiresAt = token.expiresAt;
  if (expiresAt === undefined) return { freshUntil: Infinity, expiredFrom: Infinity };
  const lifetime = Math.max(0, expiresAt - (token.issuedAt ?? receivedAt));
  return {
    freshUntil: expiresAt - refreshWindowMs(policy, lifetime),
    expiredFrom: expiresAt - expiryMarginMs(lifetime),
  };
}

/** What a token set with `freshness` is worth at `now`. */
export function stateAt(freshness: Freshness, now: number): FreshnessState {
  return now >= freshness.expiredFrom ? 'expired' : now >= freshness.freshUntil ? 'expiring' : 'fresh';
}

/**
 * Whether a stored entry is worth adopting instead of refreshing: it exists, it is newer than the
 * version the caller rejected (if any), and it is not yet due for refresh at `now`.
 */
export function isAdoptable(
  entry: { readonly value: TokenTimes; readonly version: number } | undefined,
  rejectedVersion: number | undefined,
  now: number,
  policy: RefreshPolicy,
): boolean {
  if (!entry || (rejectedVersion !== undefined && entry.version <= rejectedVersion)) return false;
  return now < freshnessOf(entry.value, now, policy).freshUntil;
}
