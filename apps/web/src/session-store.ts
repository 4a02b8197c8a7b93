import { randomBytes } from 'node:crypto';
import type { Clock } from '@ds/auth-core';

/** What the server keeps between `/signin` and `/callback`: never sent to the browser. */
export interface PendingSignIn {
  readonly state: string;
  readonly codeVerifier: string;
  readonly nonce: string;
  readonly redirectUri: string;
  readonly startedAt: number;
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

/** One browser's server-side session, found by the random id in its cookie. */
export interface WebSession {
  readonly id: string;
  /** The per-session token that every POST form must echo (CSRF protection). */
  readonly csrfToken: string;
  readonly createdAt: number;
  lastSeenAt: number;
  pending?: PendingSignIn | undefined;
  user?: SignedInUser | undefined;
}

/** Options for {@link createSessionStore}. */
export interface SessionStoreOptions {
  clock?: Clock | undefined;
  /** A signed-in session unused this long is gone. Default 8 hours. */
  idleTimeoutMs?: number | undefined;
  /** Signed-in sessions kept at most; the least recently used go first. Default 10 000. */
  maxSessions?: number | undefined;
  /**
   * Sessions without a signed-in user (a sign-in in progress) kept at most, in a store of their own:
   * however many are started, they never push out a signed-in session. Default 1 000.
   */
  maxPendingSessions?: number | undefined;
  /** A session without a signed-in user unused this long is gone. Default 10 minutes (or `idleTimeoutMs`, when shorter). */
  pendingIdleTimeoutMs?: number | undefined;
}

/** In-memory sessions keyed by a 256-bit random id. */
export interface SessionStore {
  /** A new, empty session (kept with the other sessions that have no signed-in user). */
  create(): WebSession;
  /** The live session with this id (touched), or `undefined` when unknown or idle too long. */
  get(id: string | undefined): WebSession | undefined;
  /**
   * A new id and CSRF token for the same data (after sign-in), with `user` set when given; the old id
   * stops working. A session with a user is kept with the signed-in sessions.
   */
  rotate(session: WebSession, user?: SignedInUser): WebSession;
  /** Forgets a session. */
  delete(id: string): void;
  /** All sessions, signed in or not. */
  readonly size: number;
  /** The sessions with a signed-in user. */
  readonly signedIn: number;
}

const newId = (): string => randomBytes(32).toString('base64url');

/** One bounded LRU map of sessions with its own idle timeout. */
function createPool(maxSize: number, idleTimeoutMs: number) {
  const sessions = new Map<string, WebSession>();
  return {
    sessions,
    add(session: WebSession): WebSession {
      sessions.set(session.id, session);
      if (sessions.size > maxSize) sessions.delete(sessions.keys().next().value as string);
      return session;
    },
    /** The session, touched and moved to the end (Map order is the LRU order), unless idle too long. */
    take(id: string, now: number): WebSession | undefined | null {
      const session = sessions.get(id);
      if (!session) return null;
      sessions.delete(id);
      if (now - session.lastSeenAt > idleTimeoutMs) return undefined;
      session.lastSeenAt = now;
      sessions.set(id, session);
      return session;
    },
  };
}

/**
 * Creates the in-memory session store of the web app. Sessions that only hold a sign-in in progress
 * live apart from signed-in ones, capped and timed out on their own, so anonymous `/signin` requests,
 * however many, can never evict a signed-in user. Throws a RangeError for a non-positive
 * `idleTimeoutMs`, `pendingIdleTimeoutMs`, `maxSessions` or `maxPendingSessions`.
 *
 * @example
 * ```ts
 * const sessions = createSessionStore({ idleTimeoutMs: 3_600_000 });
 * const session = sessions.create(); // set-cookie: sid=<session.id>
 * ```
 */
export function createSessionStore(options: SessionStoreOptions = {}): SessionStore {
  const clock = options.clock ?? { now: () => Date.now() };
  const idleTimeoutMs = options.idleTimeoutMs ?? 8 * 3_600_000;
  const maxSessions = options.maxSessions ?? 10_000;
  const maxPendingSessions = options.maxPendingSessions ?? 1_000;
  const pendingIdleTimeoutMs = options.pendingIdleTimeoutMs ?? Math.min(10 * 60_000, idleTimeoutMs);
  if (!(idleTimeoutMs > 0)) throw new RangeError('"idleTimeoutMs" must be a positive number');
  if (!(pendingIdleTimeoutMs > 0)) throw new RangeError('"pendingIdleTimeoutMs" must be a positive number');
  if (!(maxSessions >= 1)) throw new RangeError('"maxSessions" must be at least 1');
  if (!(maxPendingSessions >= 1)) throw new RangeError('"maxPendingSessions" must be at least 1');
  const signedIn = createPool(maxSessions, idleTimeoutMs);
  const pending = createPool(maxPendingSessions, pendingIdleTimeoutMs);
  const poolOf = (session: WebSession) => (session.user ? signedIn : pending);

  return {
    create() {
      const now = clock.now();
      return pending.add({ id: newId(), csrfToken: newId(), createdAt: now, lastSeenAt: now });
    },
    get(id) {
      if (id === undefined) return undefined;
      const now = clock.now();
      const found = signedIn.take(id, now);
      return found === null ? (pending.take(id, now) ?? undefined) : found;
    },
    rotate(session, user) {
      signedIn.sessions.delete(session.id);
      pending.sessions.delete(session.id);
      const now = clock.now();
      const rotated: WebSession = {
        ...session,
        ...(user === undefined ? {} : { user }),
        id: newId(),
        csrfToken: newId(),
        lastSeenAt: now,
      };
      return poolOf(rotated).add(rotated);
    },
    delete(id) {
      signedIn.sessions.delete(id);
      pending.sessions.delete(id);
    },
    get size() {
      return signedIn.sessions.size + pending.sessions.size;
    },
    get signedIn() {
      return signedIn.sessions.size;
    },
  };
}
