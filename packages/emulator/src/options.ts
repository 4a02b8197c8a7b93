import type { ClockOption } from './clock.js';
import type { Seed } from './state/seed.js';

/** Options of `startEmulator`. Every field is optional. */
export interface EmulatorOptions {
  /** Port on 127.0.0.1; `0` (default) picks a free one. */
  port?: number;
  /** Users, API keys and OAuth clients; default: `defaultSeed()`. Pass `{}` for an empty portal. */
  seed?: Seed;
  /** `'system'` (default), `'manual'` (moves only on `clock.advance`) or any `{ now(): number }`. */
  clock?: ClockOption;
  /** OAuth access token lifetime (default 3600). */
  accessTokenTtlSeconds?: number;
  /** OAuth refresh token lifetime (default 60 days). */
  refreshTokenTtlSeconds?: number;
  /** ID token lifetime (default 1800: upstream's fixed 30 min). */
  idTokenTtlSeconds?: number;
  /** Authorization code lifetime (default 60). */
  authorizationCodeTtlSeconds?: number;
  /** PAT lifetime (default 1 year); `0` means no expiry. */
  patTtlSeconds?: number;
  /**
   * The identity services' Bucket4j limits (GET 200, POST 10, PUT/PATCH/DELETE 15 per minute). Omitted:
   * as on a real portal, only public client addresses (X-Forwarded-For / X-Real-IP), `x-signature`
   * holders and signed-in callers of `/api/2.0/clients*` are limited, never plain loopback. `true` (or an
   * object) also limits loopback and private addresses; `false` switches every limit off.
   */
  rateLimit?: boolean | RateLimitOptions;
  /** Login brute-force protection (defaults 5 attempts, 60 s period, 60 s block). */
  bruteForce?: { attemptCount?: number; checkPeriodSeconds?: number; blockTimeSeconds?: number };
  /** How long a retired signing key stays in the JWKS (default: the access token TTL). */
  retiredKeyTtlSeconds?: number;
  /** Portal time zone offset used by `ApiDateTime` values (default 180: `+03:00`). */
  timeZoneOffsetMinutes?: number;
  /** Tenant id in `tid` claims (default 1). */
  tenantId?: number;
  /** SameSite of the `asc_auth_key` cookie (default `Strict`, the source default). */
  cookieSameSite?: 'Strict' | 'Lax' | 'None';
}

/** Custom identity-service limits; every field is optional. */
export interface RateLimitOptions {
  /** Also limit loopback and private client addresses (default `true` here; the real service does not). */
  loopback?: boolean;
  /** GET requests per minute (default 200). */
  get?: number;
  /** POST requests per minute (default 10). */
  post?: number;
  /** PUT, PATCH and DELETE requests per minute, each method its own bucket (default 15). */
  write?: number;
}

/** The rate limit with defaults applied. */
export interface ResolvedRateLimit {
  loopback: boolean;
  get: number;
  post: number;
  write: number;
}

/** Options with every default applied. */
export interface ResolvedOptions {
  port: number;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  idTokenTtlSeconds: number;
  authorizationCodeTtlSeconds: number;
  patTtlSeconds: number;
  rateLimit: ResolvedRateLimit | false;
  attemptCount: number;
  checkPeriodSeconds: number;
  blockTimeSeconds: number;
  retiredKeyTtlSeconds: number;
  timeZoneOffsetMinutes: number;
  tenantId: number;
  cookieSameSite: 'Strict' | 'Lax' | 'None';
}

function positive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || (!allowZero && value === 0))
    throw new TypeError(`"${name}" must be a ${allowZero ? 'non-negative' : 'positive'} integer`);
  return value;
}

/** Validates options and applies defaults; throws a TypeError naming the bad option. */
export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  const access = positive('accessTokenTtlSeconds', options.accessTokenTtlSeconds, 3600);
  if ('oauthRateLimitPerMinute' in options)
    throw new TypeError('"oauthRateLimitPerMinute" was replaced by "rateLimit" (see the README)');
  const offset = options.timeZoneOffsetMinutes ?? 180;
  if (!Number.isInteger(offset) || Math.abs(offset) > 14 * 60)
    throw new TypeError('"timeZoneOffsetMinutes" must be an integer between -840 and 840');
  return {
    port: positive('port', options.port, 0, true),
    accessTokenTtlSeconds: access,
    refreshTokenTtlSeconds: positive('refreshTokenTtlSeconds', options.refreshTokenTtlSeconds, 60 * 86_400),
    idTokenTtlSeconds: positive('idTokenTtlSeconds', options.idTokenTtlSeconds, 1800),
    authorizationCodeTtlSeconds: positive(
      'authorizationCodeTtlSeconds',
      options.authorizationCodeTtlSeconds,
      60,
    ),
    patTtlSeconds: positive('patTtlSeconds', options.patTtlSeconds, 365 * 86_400, true),
    rateLimit: resolveRateLimit(options.rateLimit),
    attemptCount: positive('bruteForce.attemptCount', options.bruteForce?.attemptCount, 5),
    checkPeriodSeconds: positive('bruteForce.checkPeriodSeconds', options.bruteForce?.checkPeriodSeconds, 60),
    blockTimeSeconds: positive('bruteForce.blockTimeSeconds', options.bruteForce?.blockTimeSeconds, 60),
    retiredKeyTtlSeconds: positive('retiredKeyTtlSeconds', options.retiredKeyTtlSeconds, access, true),
    timeZoneOffsetMinutes: offset,
    tenantId: positive('tenantId', options.tenantId, 1),
    cookieSameSite: options.cookieSameSite ?? 'Strict',
  };
}

function resolveRateLimit(option: EmulatorOptions['rateLimit']): ResolvedRateLimit | false {
  if (option === false) return false;
  if (option !== undefined && option !== true && (typeof option !== 'object' || option === null))
    throw new TypeError('"rateLimit" must be a boolean or an object');
  const custom = typeof option === 'object' ? option : {};
  if (custom.loopback !== undefined && typeof custom.loopback !== 'boolean')
    throw new TypeError('"rateLimit.loopback" must be a boolean');
  return {
    loopback: option === undefined ? false : (custom.loopback ?? true),
    get: positive('rateLimit.get', custom.get, 200),
    post: positive('rateLimit.post', custom.post, 10),
    write: positive('rateLimit.write', custom.write, 15),
  };
}
