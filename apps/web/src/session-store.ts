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
  /** A session unused this long is gone. Default 8 hours. */
  idleTimeoutMs?: number | undefined;
  /** Sessions kept at most; the least recently used go first. Default 10 000. */
  maxSessions?: number | undefined;
}

/** In-memory sessions keyed by a 256-bit random id. */
export interface SessionStore {
  /** A new, empty session. */
  create(): WebSession;
  /** The live session with this id (touched), or `undefined` when unknown or idle too long. */
  get(id: string | undefined): WebSession | undefined;
  /** A new id and CSRF token for the same data (after sign-in); the old id stops working. */
  rotate(session: WebSession): WebSession;
  /** Forgets a session. */
  delete(id: string): void;
  readonly size: number;
}

const newId = (): string => randomBytes(32).toString('base64url');

/**
 * Creates the in-memory session store of the web app. Throws a RangeError for a non-positive
 * `idleTimeoutMs` or `maxSessions`.
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
  if (!(idleTimeoutMs > 0)) throw new RangeError('"idleTimeoutMs" must be a positive number');
  if (!(maxSessions >= 1)) throw new RangeError('"maxSessions" must be at least 1');
  const sessions = new Map<string, WebSession>();

  const remember = (session: WebSession): WebSession => {
    sessions.set(session.id, session);
    if (sessions.size > maxSessions) sessions.delete(sessions.keys().next().value as string);
    return session;
  };

  return {
    create() {
      const now = clock.now();
      return remember({ id: newId(), csrfToken: newId(), createdAt: now, lastSeenAt: now });
    },
    get(id) {
      if (id === undefined) return undefined;
      const session = sessions.get(id);
      if (!session) return undefined;
      sessions.delete(id); // re-inserted below: Map order is the LRU order
      const now = clock.now();
      if (now - session.lastSeenAt > idleTimeoutMs) return undefined;
      session.lastSeenAt = now;
      sessions.set(id, session);
      return session;
    },
    rotate(session) {
      sessions.delete(session.id);
      const now = clock.now();
      return remember({ ...session, id: newId(), csrfToken: newId(), lastSeenAt: now });
    },
    delete(id) {
      sessions.delete(id);
    },
    get size() {
      return sessions.size;
    },
  };
}
