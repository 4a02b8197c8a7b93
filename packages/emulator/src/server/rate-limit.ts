import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { cookies, type Exchange, sendEmpty } from './http.js';
import type { ResolvedRateLimit } from '../options.js';

/** One Bucket4j bucket: `Bandwidth.classic(capacity, Refill.greedy(capacity, 1 minute))`. */
export interface Bucket {
  tokens: number;
  updatedAt: number;
}

const MINUTE_MS = 60_000;

/** Which identity service answers a path: the authorization server or the registration (clients) service. */
export type IdentityService = 'authorization' | 'registration';

function capacity(limits: ResolvedRateLimit, method: string): number | null {
  if (method === 'GET') return limits.get;
  if (method === 'POST') return limits.post;
  if (method === 'PUT' || method === 'PATCH' || method === 'DELETE') return limits.write;
  return null;
}

/**
 * `HttpUtils.isValidPublicIp`: an IPv4 address outside 0/8, 10/8, 127/8, 169.254/16, 172.16/12,
 * 192.168/16, 224/4, 240/8 and the broadcast address. IPv6 is never public there.
 */
export function isPublicIp(value: string | undefined): boolean {
  const ip = value?.trim() ?? '';
  if (isIP(ip) !== 4) return false;
  const [a, b] = ip.split('.').map(Number) as [number, number];
  if (a === 0 || a === 10 || a === 127 || a === 240 || (a >= 224 && a <= 239)) return false;
  if ((a === 169 && b === 254) || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31)) return false;
  return ip !== '255.255.255.255';
}

function firstHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text?.split(',')[0]?.trim() || undefined;
}

/** The `x-signature` value from the cookie (first) or the header, as the identity filters read it. */
export function signatureValue(req: IncomingMessage): string | undefined {
  const cookie = [...cookies(req)].find(([name]) => name.toLowerCase() === 'x-signature')?.[1];
  if (cookie) return cookie;
  const header = req.headers['x-signature'];
  return (Array.isArray(header) ? header[0] : header) || undefined;
}

/**
 * The bucket key of the authorization server's `RateLimiterFilter`: the first public address of
 * X-Real-IP, X-Forwarded-For or the peer; else the signature part of an `x-signature` JWT; else none
 * (no limit). With `loopback: true` the emulator's client address (X-Forwarded-For or the peer) always counts.
 */
function authorizationKey(ex: Exchange, limits: ResolvedRateLimit): string | null {
  if (limits.loopback) return ex.ip;
  for (const candidate of [
    firstHeader(ex.req, 'x-real-ip'),
    firstHeader(ex.req, 'x-forwarded-for'),
    ex.req.socket.remoteAddress,
  ])
    if (candidate && isPublicIp(candidate)) return candidate.trim();
  const parts = signatureValue(ex.req)?.split('.');
  return parts?.length === 3 ? `signature:${parts[2]}` : null;
}

/**
 * The bucket key of the registration service's `RateLimiterFilter`: the signed-in user when the
 * `x-signature` was valid, else X-Real-IP or X-Forwarded-For as sent, else a public peer address.
 */
function registrationKey(ex: Exchange, limits: ResolvedRateLimit, userId: string | undefined): string | null {
  if (userId) return `user:${userId}`;
  if (limits.loopback) return ex.ip;
  const forwarded = firstHeader(ex.req, 'x-real-ip') ?? firstHeader(ex.req, 'x-forwarded-for');
  if (forwarded) return forwarded;
  const peer = ex.req.socket.remoteAddress;
  return peer && isPublicIp(peer) ? peer : null;
}

/**
 * Bucket4j rate limit of the identity services (docs/docspace-behaviour.md §5.9): per method (GET 200, POST 10,
 * PUT/PATCH/DELETE 15 per minute by default) and per key, refilled greedily. A success carries
 * `X-Ratelimit-Remaining` and `X-Ratelimit-Reset: 0`; over the limit it answers 429 with an empty body,
 * `Content-Type: application/json` and `X-Ratelimit-Reset` in nanoseconds. Returns false when it answered.
 */
export function consumeIdentityRequest(ex: Exchange, service: IdentityService, userId?: string): boolean {
  const limits = ex.ctx.options.rateLimit;
  if (limits === false) return true;
  const method = ex.method === 'HEAD' ? 'GET' : ex.method;
  const size = capacity(limits, method);
  if (size === null) return true;
  const key =
    service === 'authorization' ? authorizationKey(ex, limits) : registrationKey(ex, limits, userId);
  if (key === null) return true;
  const now = ex.ctx.clock.now();
  const id = `identity:${service}:${method}:${key}`;
  const bucket = ex.ctx.state.rateBuckets.get(id) ?? { tokens: size, updatedAt: now };
  ex.ctx.state.rateBuckets.set(id, bucket);
  bucket.tokens = Math.min(size, bucket.tokens + ((now - bucket.updatedAt) * size) / MINUTE_MS);
  bucket.updatedAt = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    ex.res.setHeader('X-Ratelimit-Remaining', String(Math.floor(bucket.tokens)));
    // A consumed probe waits 0 ns for a refill: NANOSECONDS.toSeconds(0).
    ex.res.setHeader('X-Ratelimit-Reset', '0');
    return true;
  }
  ex.ctx.state.stats.rateLimited++;
  const waitNanos = BigInt(Math.ceil(((1 - bucket.tokens) * MINUTE_MS * 1_000_000) / size));
  sendEmpty(ex, 429, {
    'Content-Type': 'application/json',
    'X-Ratelimit-Remaining': String(Math.floor(bucket.tokens)),
    'X-Ratelimit-Reset': String(waitNanos),
  });
  return false;
}
