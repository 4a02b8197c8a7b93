import { createHash } from 'node:crypto';
import { AuthError, type Clock, redactError } from '@ds/auth-core';
import type { RedisScriptClient } from '@ds/auth-store-redis';
import {
  DELETE_SESSION_SCRIPT,
  GET_SESSION_SCRIPT,
  SIGN_IN_SCRIPT,
  START_SIGN_IN_SCRIPT,
  TAKE_SIGN_IN_SCRIPT,
} from './redis-session-scripts.js';
import {
  newSessionId,
  type PendingSignIn,
  resolveSessionLimits,
  type SessionLimits,
  type SessionStore,
  type SignedInUser,
  type WebSession,
} from './session-store.js';

/** Options for {@link createRedisSessionStore}. */
export interface RedisSessionStoreOptions extends SessionLimits {
  /** Runs Lua scripts: `fromIoRedis(redis)` or `fromNodeRedis(redis)` from `@ds/auth-store-redis`. */
  client: RedisScriptClient;
  /** Prepended to every key (`<prefix>session:...`, `<prefix>signin:...`, `<prefix>signins`). Default `ds-web:`. */
  prefix?: string | undefined;
  clock?: Clock | undefined;
  /** A Redis call that takes longer fails with `ERR_AUTH_STORE_UNAVAILABLE`. Default 5 000 ms. */
  timeoutMs?: number | undefined;
}

/** The id shape `newSessionId()` makes; anything else is not looked up. */
const ID = /^[\w-]{43}$/;

/**
 * Creates a session store in Redis, so a restarted app, or several instances behind one load balancer,
 * keep their users signed in (use `createRedisTokenStore` of `@ds/auth-store-redis` on the same Redis
 * for the tokens). Redis only ever sees the SHA-256 of a session id, never the id the cookie carries.
 * Signed-in sessions expire after `idleTimeoutMs` without use; sign-ins in progress live under keys of
 * their own, capped at `maxPendingSessions` (least recently used first) and timed out after
 * `pendingIdleTimeoutMs`, so a flood of `/signin` requests can never evict a signed-in session. Each
 * operation is one Lua script (Redis 5 or newer; on a Redis Cluster put a hash tag in the prefix, such
 * as `{ds-web}:`, so all keys share a slot). A session whose stored data cannot be read is deleted and
 * treated as unknown.
 *
 * Throws a TypeError naming `client` or `prefix`, and a RangeError naming the timeout or cap, for bad
 * options. Operations reject with `ERR_AUTH_STORE_UNAVAILABLE` (retryable) when Redis fails or does not
 * answer within `timeoutMs`; neither message nor cause holds a session id or a secret.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createRedisTokenStore, fromIoRedis } from '@ds/auth-store-redis';
 *
 * const client = fromIoRedis(new Redis(process.env.REDIS_URL!));
 * const app = createWebApp({
 *   ...options,
 *   store: createRedisTokenStore({ client, prefix: 'ds-web:' }),
 *   sessions: createRedisSessionStore({ client, prefix: 'ds-web:' }),
 * });
 * ```
 */
export function createRedisSessionStore(options: RedisSessionStoreOptions): SessionStore {
  const { client } = options;
  if (typeof client !== 'object' || client === null || typeof client.eval !== 'function')
    throw new TypeError('"client" must have an eval() method');
  const prefix = options.prefix ?? 'ds-web:';
  if (typeof prefix !== 'string' || prefix.length > 256 || /[\u0000-\u001f\u007f]/.test(prefix))
    throw new TypeError('"prefix" must be a string of at most 256 printable characters');
  const timeoutMs = options.timeoutMs ?? 5_000;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0))
    throw new RangeError('"timeoutMs" must be a positive number');
  const limits = resolveSessionLimits(options);
  const idleMs = String(Math.ceil(limits.idleTimeoutMs));
  const pendingIdleMs = String(Math.ceil(limits.pendingIdleTimeoutMs));
  const clock = options.clock ?? { now: () => Date.now() };
  const index = `${prefix}signins`;
  const keysOf = (id: string) => {
    const member = createHash('sha256').update(id).digest('base64url');
    return { member, session: `${prefix}session:${member}`, signin: `${prefix}signin:${member}` };
  };

  const run = async (
    action: string,
    script: string,
    keys: string[],
    args: string[],
    secrets: string[] = [],
  ): Promise<unknown> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new AuthError(
      'ERR_AUTH_STORE_UNAVAILABLE',
      `the redis session store did not ${action} within ${timeoutMs} ms`,
      { retryable: true },
    );
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(late), timeoutMs);
    });
    try {
      return await Promise.race([client.eval(script, keys, args), timeout]);
    } catch (error) {
      if (error === late) throw error;
      // The arguments hold session data (the PKCE verifier, the nonce): keep them out of the cause.
      throw new AuthError('ERR_AUTH_STORE_UNAVAILABLE', `the redis session store could not ${action}`, {
        cause: redactError(error, [...keys, ...args, ...secrets]),
        retryable: true,
      });
    } finally {
      clearTimeout(timer);
    }
  };
  const remove = (id: string) => {
    const keys = keysOf(id);
    return run('delete a session', DELETE_SESSION_SCRIPT, [keys.session, keys.signin, index], [keys.member]);
  };

  return {
    async get(id) {
      if (id === undefined || !ID.test(id)) return undefined;
      const keys = keysOf(id);
      const now = clock.now();
      const reply = await run(
        'read a session',
        GET_SESSION_SCRIPT,
        [keys.session, keys.signin, index],
        [String(now), idleMs, pendingIdleMs, keys.member],
      );
      if (reply === null || reply === undefined) return undefined;
      const session = Array.isArray(reply) ? parseSession(id, reply) : undefined;
      if (!session) await remove(id);
      return session;
    },
    async startSignIn(pending: PendingSignIn, replacing?: WebSession) {
      const now = clock.now();
      const session: WebSession = {
        id: newSessionId(),
        csrfToken: newSessionId(),
        createdAt: now,
        lastSeenAt: now,
        pending,
      };
      const keys = keysOf(session.id);
      const old = replacing && !replacing.user ? keysOf(replacing.id) : undefined;
      await run(
        'start a sign-in',
        START_SIGN_IN_SCRIPT,
        [keys.signin, index, old?.signin ?? keys.signin],
        [
          JSON.stringify({ csrfToken: session.csrfToken, createdAt: now, pending }),
          String(now),
          pendingIdleMs,
          String(limits.maxPendingSessions),
          keys.member,
          old?.member ?? '',
          `${prefix}signin:`,
          String(now - limits.pendingIdleTimeoutMs),
        ],
        [pending.state, pending.codeVerifier, pending.nonce, session.csrfToken],
      );
      return session;
    },
    async takeSignIn(id) {
      if (!ID.test(id)) return undefined;
      const keys = keysOf(id);
      const reply = await run(
        'finish a sign-in',
        TAKE_SIGN_IN_SCRIPT,
        [keys.signin, index],
        [String(clock.now()), pendingIdleMs, keys.member],
      );
      if (typeof reply !== 'string') return undefined;
      return parseSession(id, ['pending', reply, '0'])?.pending;
    },
    async signIn(user: SignedInUser) {
      const now = clock.now();
      const session: WebSession = {
        id: newSessionId(),
        csrfToken: newSessionId(),
        createdAt: now,
        lastSeenAt: now,
        user,
      };
      await run(
        'save a session',
        SIGN_IN_SCRIPT,
        [keysOf(session.id).session],
        [JSON.stringify({ csrfToken: session.csrfToken, createdAt: now, user }), String(now), idleMs],
        [session.csrfToken],
      );
      return session;
    },
    async delete(id) {
      if (ID.test(id)) await remove(id);
    },
  };
}

/** A `[kind, json, seen]` reply as a session, or `undefined` when it is not what the store writes. */
function parseSession(id: string, reply: unknown[]): WebSession | undefined {
  const [kind, json, seen] = reply;
  if ((kind !== 'user' && kind !== 'pending') || typeof json !== 'string') return undefined;
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const { csrfToken, createdAt, user, pending } = data as Record<string, unknown>;
  if (typeof csrfToken !== 'string' || typeof createdAt !== 'number') return undefined;
  const lastSeenAt = Number(seen);
  if (kind === 'user') {
    if (!isUser(user)) return undefined;
    return { id, csrfToken, createdAt, lastSeenAt, user };
  }
  if (!isPending(pending)) return undefined;
  return { id, csrfToken, createdAt, lastSeenAt, pending };
}

function isUser(value: unknown): value is SignedInUser {
  const user = value as SignedInUser | null;
  return (
    typeof user === 'object' &&
    user !== null &&
    typeof user.key === 'string' &&
    typeof user.apiBaseUrl === 'string' &&
    typeof user.claims === 'object' &&
    user.claims !== null
  );
}

function isPending(value: unknown): value is PendingSignIn {
  const pending = value as PendingSignIn | null;
  return (
    typeof pending === 'object' &&
    pending !== null &&
    ['state', 'codeVerifier', 'nonce', 'redirectUri', 'returnTo'].every(
      (field) => typeof (pending as unknown as Record<string, unknown>)[field] === 'string',
    ) &&
    typeof pending.startedAt === 'number'
  );
}
