import { randomBytes } from 'node:crypto';

/** What the server keeps between `/signin` and `/callback`: never sent to the browser. */
export interface PendingSignIn {
  readonly state: string;
  readonly codeVerifier: string;
  readonly nonce: string;
  readonly redirectUri: string;
  readonly startedAt: number;
  /** The same-origin path to show after sign-in (checked by `safeReturnTo`). */
  readonly returnTo: string;
}

/** The signed-in user of a session. Tokens are not here: they live in the TokenStore under `key`. */
export interface SignedInUser {
  /** The TokenStore key: the DocSpace user id (`sub` of the verified ID token). */
  readonly key: string;
  /** The DocSpace API base of this user's tokens. */
  readonly apiBaseUrl: string;
  /** The verified ID-token claims, shown on the profile page. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/**
 * One browser's server-side session, found by the random id in its cookie: either a sign-in in
 * progress (`pending`) or a signed-in user (`user`), never both.
 */
export interface WebSession {
  readonly id: string;
  /** The per-session token that every POST form must echo (CSRF protection). */
  readonly csrfToken: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly pending?: PendingSignIn | undefined;
  readonly user?: SignedInUser | undefined;
}

/**
 * Where the web app keeps its sessions: {@link createMemorySessionStore} (one process) or
 * {@link createRedisSessionStore} (restarts and several instances). Sessions holding a sign-in in
 * progress live apart from signed-in ones, bounded on their own, so however many sign-ins are started
 * they can never push out a signed-in user. Every id is 256 random bits; a new id at sign-in.
 */
export interface SessionStore {
  /** The live session with this id (touched), or `undefined` when unknown or idle too long. */
  get(id: string | undefined): Promise<WebSession | undefined>;
  /**
   * A new session (new id) holding a sign-in in progress, kept with the other sign-ins in progress.
   * `replacing` (a session without a user) is deleted, so one browser holds one sign-in at a time.
   */
  startSignIn(pending: PendingSignIn, replacing?: WebSession | undefined): Promise<WebSession>;
  /**
   * Takes the sign-in in progress out of the session with this id, once: the session is deleted, a
   * second call (a replayed callback) gets `undefined`. Also `undefined` when it timed out.
   */
  takeSignIn(id: string): Promise<PendingSignIn | undefined>;
  /** A new signed-in session (new id and CSRF token: no session fixation) for `user`. */
  signIn(user: SignedInUser): Promise<WebSession>;
  /** Forgets a session (signed in or not). */
  delete(id: string): Promise<void>;
  /** Releases what the store holds open (nothing for memory; the Redis store does not own its client). */
  close?(): Promise<void>;
}

/** Timeouts and caps every session store takes. */
export interface SessionLimits {
  /** A signed-in session unused this long is gone. Default 8 hours. */
  idleTimeoutMs?: number | undefined;
  /**
   * Sessions holding a sign-in in progress kept at most, apart from the signed-in ones; beyond it the
   * least recently used sign-in in progress goes. Default 1 000.
   */
  maxPendingSessions?: number | undefined;
  /** A sign-in in progress unused this long is gone. Default 10 minutes (or `idleTimeoutMs`, when shorter). */
  pendingIdleTimeoutMs?: number | undefined;
}

/** {@link SessionLimits} with the defaults filled in and checked. */
export interface ResolvedSessionLimits {
  readonly idleTimeoutMs: number;
  readonly maxPendingSessions: number;
  readonly pendingIdleTimeoutMs: number;
}

/**
 * Fills in the defaults of {@link SessionLimits}; throws a RangeError naming the option for a value that
 * is not a positive number (or, for `maxPendingSessions`, not a whole number of at least 1).
 *
 * @example
 * ```ts
 * resolveSessionLimits({ idleTimeoutMs: 3_600_000 }).pendingIdleTimeoutMs; // 600000
 * ```
 */
export function resolveSessionLimits(limits: SessionLimits): ResolvedSessionLimits {
  const idleTimeoutMs = limits.idleTimeoutMs ?? 8 * 3_600_000;
  if (typeof idleTimeoutMs !== 'number' || !(idleTimeoutMs > 0))
    throw new RangeError('"idleTimeoutMs" must be a positive number');
  const pendingIdleTimeoutMs = limits.pendingIdleTimeoutMs ?? Math.min(10 * 60_000, idleTimeoutMs);
  if (typeof pendingIdleTimeoutMs !== 'number' || !(pendingIdleTimeoutMs > 0))
    throw new RangeError('"pendingIdleTimeoutMs" must be a positive number');
  const maxPendingSessions = limits.maxPendingSessions ?? 1_000;
  if (!Number.isInteger(maxPendingSessions) || maxPendingSessions < 1)
    throw new RangeError('"maxPendingSessions" must be a whole number of at least 1');
  return { idleTimeoutMs, maxPendingSessions, pendingIdleTimeoutMs };
}

/**
 * A new session id or CSRF token: 256 random bits, base64url (43 characters).
 *
 * @example
 * ```ts
 * newSessionId(); // 'f3Q...' (43 characters)
 * ```
 */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}
