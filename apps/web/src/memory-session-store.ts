import type { Clock } from '@ds/auth-core';
import {
  newSessionId,
  type PendingSignIn,
  resolveSessionLimits,
  type SessionLimits,
  type SessionStore,
  type SignedInUser,
  type WebSession,
} from './session-store.js';

/** Options for {@link createMemorySessionStore}. */
export interface MemorySessionStoreOptions extends SessionLimits {
  clock?: Clock | undefined;
  /** Signed-in sessions kept at most; the least recently used go first. Default 10 000. */
  maxSessions?: number | undefined;
}

/** The in-memory store, with the counts its tests and the flood test look at. */
export interface MemorySessionStore extends SessionStore {
  /** All sessions, signed in or not. */
  readonly size: number;
  /** The sessions with a signed-in user. */
  readonly signedIn: number;
}

/** One bounded LRU map of sessions with its own idle timeout (Map order is the LRU order). */
function createPool(maxSize: number, idleTimeoutMs: number) {
  const sessions = new Map<string, WebSession>();
  return {
    sessions,
    add(session: WebSession): WebSession {
      sessions.set(session.id, session);
      if (sessions.size > maxSize) sessions.delete(sessions.keys().next().value as string);
      return session;
    },
    /** The session, touched and moved to the end, unless idle too long; `null` when not here at all. */
    take(id: string, now: number): WebSession | undefined | null {
      const session = sessions.get(id);
      if (!session) return null;
      sessions.delete(id);
      if (now - session.lastSeenAt > idleTimeoutMs) return undefined;
      const touched = { ...session, lastSeenAt: now };
      sessions.set(id, touched);
      return touched;
    },
  };
}

/**
 * Creates the in-memory session store (one process; a restart signs everyone out). Sign-ins in
 * progress live in a pool of their own (`maxPendingSessions`, `pendingIdleTimeoutMs`), so anonymous
 * `/signin` requests, however many, can never evict a signed-in user; signed-in sessions are capped at
 * `maxSessions`, least recently used first. Throws a RangeError naming the option for a non-positive
 * timeout or cap.
 *
 * @example
 * ```ts
 * const sessions = createMemorySessionStore({ idleTimeoutMs: 3_600_000 });
 * const app = createWebApp({ ...options, sessions });
 * ```
 */
export function createMemorySessionStore(options: MemorySessionStoreOptions = {}): MemorySessionStore {
  const clock = options.clock ?? { now: () => Date.now() };
  const limits = resolveSessionLimits(options);
  const maxSessions = options.maxSessions ?? 10_000;
  if (!Number.isInteger(maxSessions) || maxSessions < 1)
    throw new RangeError('"maxSessions" must be a whole number of at least 1');
  const signedIn = createPool(maxSessions, limits.idleTimeoutMs);
  const pending = createPool(limits.maxPendingSessions, limits.pendingIdleTimeoutMs);
  const forget = (id: string) => {
    signedIn.sessions.delete(id);
    pending.sessions.delete(id);
  };

  return {
    async get(id) {
      if (id === undefined) return undefined;
      const now = clock.now();
      const found = signedIn.take(id, now);
      return found === null ? (pending.take(id, now) ?? undefined) : found;
    },
    async startSignIn(signIn: PendingSignIn, replacing?: WebSession) {
      if (replacing && !replacing.user) pending.sessions.delete(replacing.id);
      const now = clock.now();
      return pending.add({
        id: newSessionId(),
        csrfToken: newSessionId(),
        createdAt: now,
        lastSeenAt: now,
        pending: signIn,
      });
    },
    async takeSignIn(id) {
      const found = pending.take(id, clock.now());
      pending.sessions.delete(id);
      return found?.pending;
    },
    async signIn(user: SignedInUser) {
      const now = clock.now();
      return signedIn.add({
        id: newSessionId(),
        csrfToken: newSessionId(),
        createdAt: now,
        lastSeenAt: now,
        user,
      });
    },
    async delete(id) {
      forget(id);
    },
    get size() {
      return signedIn.sessions.size + pending.sessions.size;
    },
    get signedIn() {
      return signedIn.sessions.size;
    },
  };
}
