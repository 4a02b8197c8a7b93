import type { EmulatorClock } from './clock.js';
import type { ResolvedOptions } from './options.js';
import type { Bucket } from './rate-limit.js';
import type { PasswordHashParams } from './pat-core.js';
import type { SigningKeys } from './signing-keys.js';
import type { Store } from './state.js';

/** Counters for tests. */
export interface EmulatorStats {
  /** Every request that reached `POST /oauth2/token` (including rate-limited ones). */
  tokenRequests: number;
  /** Successful PAT logins that issued a token (API or the HTML login form). */
  logins: number;
  /** Failed PAT logins and 2FA completions (401 and 403). */
  loginFailures: number;
  /** A rotated-away refresh token came back (answered invalid_grant; nothing is revoked, as on the server). */
  refreshReuseDetected: number;
  /** Responses answered 429 by the identity services' rate limit (`rateLimit`). */
  rateLimited: number;
  /** Access tokens issued at the token endpoint. */
  accessTokensIssued: number;
  /** SMS codes "sent". */
  smsSent: number;
}

/** One entry of `emulator.requests`. */
export interface RequestLogEntry {
  method: string;
  path: string;
  /** The HTTP status sent; 0 when the connection was reset by a fault. */
  status: number;
  /** The auth scheme the API's selector picked (`none` when no credential or not an API path). */
  scheme: 'basic' | 'jwt' | 'api-key' | 'cookie' | 'header' | 'none';
  /** Whether a fault answered (or delayed) this request. */
  fault?: string;
  time: number;
}

/** Shared state handed to every handler. */
export interface EmulatorContext {
  store: Store;
  clock: EmulatorClock;
  options: ResolvedOptions;
  keys: SigningKeys;
  stats: EmulatorStats;
  /** The portal URL, `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  hashParams: PasswordHashParams;
  /** HS256 key of `x-signature` JWTs (the machine key the API and the identity services share). */
  signatureKey: Uint8Array;
  bruteForce: Map<string, { history: number[]; blockedUntil: number }>;
  tfaFailures: Map<string, number[]>;
  /** Identity-service rate-limit buckets by `identity:{service}:{method}:{key}`. */
  rateBuckets: Map<string, Bucket>;
  /** Pending consent screens by id. */
  consents: Map<string, { userId: string; query: string; expiresAt: number }>;
  /** Pending 2FA steps of the HTML login form by id. */
  pendingLogins: Map<string, { userId: string; returnTo: string; expiresAt: number }>;
}
