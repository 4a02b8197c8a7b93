import {
  AuthConfigError,
  AuthError,
  type CompareAndSetResult,
  type StoredEntry,
  type TokenStore,
} from '@ds/auth-core';
import { assertStoreKey, redactable } from '@ds/auth-core/strategy';
import { assertEval, type RedisScriptClient } from './redis-client.js';
import { acquireRedisLock } from './redis-lock.js';
import { COMPARE_AND_SET_SCRIPT, GET_SCRIPT } from './redis-scripts.js';
import { badReply, runScript } from './run-script.js';

/**
 * Options for {@link createRedisTokenStore}.
 *
 * @example
 * ```ts
 * const options: RedisTokenStoreOptions = { client: fromIoRedis(redis), prefix: 'my-app:', lockTtlMs: 10_000 };
 * ```
 */
export interface RedisTokenStoreOptions {
  /** Runs Lua scripts on Redis: wrap your client with `fromIoRedis()` or `fromNodeRedis()`. */
  client: RedisScriptClient;
  /** Prepended to every Redis key (`<prefix>token:<key>`, `<prefix>lock:<key>`). Default `ds-auth:`. */
  prefix?: string | undefined;
  /** A refresh lock whose holder stopped sending heartbeats expires after this long. Default 30 000 ms. */
  lockTtlMs?: number | undefined;
  /** Base wait between attempts to take a held lock (1x to 2x, jittered). Default 25 ms. */
  lockRetryMs?: number | undefined;
}

/**
 * A {@link TokenStore} in Redis, shared by every worker and host that can reach it, so a rotating
 * refresh token is spent once across all of them. Each operation is one Lua script (atomic on the
 * server): values are stored as JSON with a version that only grows, even across a delete;
 * `compareAndSet` checks and writes in one step; `lock()` is `SET NX PX` with a random owner token,
 * a heartbeat that extends it while held, and a release that deletes it only if it is still ours.
 *
 * Throws `AuthConfigError` (`ERR_AUTH_INVALID_OPTION`, naming the option) for invalid options.
 * Operations reject with `ERR_AUTH_STORE_UNAVAILABLE` when Redis fails (retryable),
 * `ERR_AUTH_STORE_CORRUPT` for an entry that is not valid JSON, `ERR_AUTH_TIMEOUT` when `lock()` is
 * aborted while waiting. Token values never appear in messages or causes.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createTokenManager } from '@ds/auth-core';
 * import { createRedisTokenStore, fromIoRedis } from '@ds/auth-store-redis';
 *
 * const store = createRedisTokenStore({ client: fromIoRedis(new Redis(process.env.REDIS_URL!)) });
 * const manager = createTokenManager({ store, key: 'docspace-user-1', obtain });
 * ```
 * @see https://redis.io/docs/latest/develop/use/patterns/distributed-locks/ (the single-instance lock)
 */
export function createRedisTokenStore<T = unknown>(options: RedisTokenStoreOptions): TokenStore<T> {
  if (typeof options !== 'object' || options === null) {
    throw new AuthConfigError('options', '"options" must be an object');
  }
  const { client } = options;
  assertEval(client);
  const prefix = options.prefix ?? 'ds-auth:';
  if (typeof prefix !== 'string' || prefix.length > 256 || /[\u0000-\u001f\u007f]/.test(prefix)) {
    throw new AuthConfigError('prefix', '"prefix" must be a string of at most 256 printable characters');
  }
  const lockTtlMs = options.lockTtlMs ?? 30_000;
  if (!Number.isInteger(lockTtlMs) || lockTtlMs < 100 || lockTtlMs > 3_600_000) {
    throw new AuthConfigError('lockTtlMs', '"lockTtlMs" must be a whole number from 100 to 3600000');
  }
  const lockRetryMs = options.lockRetryMs ?? 25;
  if (typeof lockRetryMs !== 'number' || !(lockRetryMs >= 1 && lockRetryMs <= 60_000)) {
    throw new AuthConfigError('lockRetryMs', '"lockRetryMs" must be a number from 1 to 60000');
  }
  const entryKey = (key: string): string => `${prefix}token:${key}`;

  const parseEntry = (key: string, json: unknown, version: unknown): StoredEntry<T> => {
    const parsedVersion = typeof version === 'string' || typeof version === 'number' ? Number(version) : NaN;
    if (typeof json !== 'string' || !Number.isSafeInteger(parsedVersion) || parsedVersion < 1) {
      throw corrupt(key);
    }
    try {
      return { value: JSON.parse(json) as T, version: parsedVersion };
    } catch {
      throw corrupt(key);
    }
  };

  const store: TokenStore<T> = {
    async get(key) {
      assertStoreKey(key);
      const reply = await runScript(client, 'read', key, GET_SCRIPT, [entryKey(key)], []);
      if (reply === null || reply === undefined) return undefined;
      if (!Array.isArray(reply) || reply.length !== 2) throw badReply('read', key);
      return parseEntry(key, reply[0], reply[1]);
    },
    async compareAndSet(key, expectedVersion, value): Promise<CompareAndSetResult<T>> {
      assertStoreKey(key);
      if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
        throw new AuthConfigError(
          'expectedVersion',
          '"expectedVersion" must be a whole number of at least 0',
        );
      }
      const json = value === undefined ? '' : JSON.stringify(value);
      if (typeof json !== 'string') {
        throw new AuthConfigError('value', '"value" must be serializable as JSON');
      }
      const reply = await runScript(
        client,
        'write',
        key,
        COMPARE_AND_SET_SCRIPT,
        [entryKey(key)],
        [String(expectedVersion), value === undefined ? 'delete' : 'set', json],
        value === undefined ? [] : [json, ...stringsIn(value)],
      );
      if (!Array.isArray(reply)) throw badReply('write', key);
      if (reply[0] === 1 && reply.length === 2 && typeof reply[1] === 'number') {
        return { ok: true, version: reply[1] };
      }
      if (reply[0] === 0 && reply.length === 1) return { ok: false, current: undefined };
      if (reply[0] === 0 && reply.length === 3) {
        return { ok: false, current: parseEntry(key, reply[1], reply[2]) };
      }
      throw badReply('write', key);
    },
    async lock(key, lockOptions = {}) {
      assertStoreKey(key);
      return acquireRedisLock(client, {
        lockKey: `${prefix}lock:${key}`,
        holderKey: `${prefix}holder:${key}`,
        key,
        ttlMs: lockTtlMs,
        retryMs: lockRetryMs,
        signal: lockOptions.signal,
      });
    },
  };
  return redactable(store, 'RedisTokenStore');
}

function corrupt(key: string): AuthError {
  return new AuthError('ERR_AUTH_STORE_CORRUPT', `the token entry for key "${key}" is not valid`);
}

/** The string leaves of a token set (its tokens), to blank out of client error messages. */
function stringsIn(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null || depth > 4) return [];
  return Object.values(value).flatMap((item) => stringsIn(item, depth + 1));
}
