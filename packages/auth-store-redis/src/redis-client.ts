import { AuthConfigError } from '@ds/auth-core';

/**
 * The one thing the Redis token store needs from a Redis client: run a Lua script with `EVAL`.
 * Every operation of the store is a single script, so each read, compare-and-set, lock and release
 * is atomic on the server. Build one with {@link fromIoRedis} or {@link fromNodeRedis}, or write
 * your own for any other client (a reply of Lua `false` must come back as `null`, tables as arrays).
 *
 * @example
 * ```ts
 * const client: RedisScriptClient = {
 *   eval: (script, keys, args) => myRedis.sendCommand(['EVAL', script, String(keys.length), ...keys, ...args]),
 * };
 * ```
 */
export interface RedisScriptClient {
  /** Runs `EVAL script numkeys ...keys ...args` and resolves with the script's reply. */
  eval(script: string, keys: string[], args: string[]): Promise<unknown>;
}

/**
 * The part of an [ioredis](https://github.com/redis/ioredis) `Redis` or `Cluster` client that
 * {@link fromIoRedis} uses: `eval(script, numkeys, ...keysAndArgs)`.
 *
 * @example
 * ```ts
 * const client: IoRedisLike = new Redis(process.env.REDIS_URL!);
 * ```
 */
export interface IoRedisLike {
  /** ioredis' `EVAL`: the number of keys, then the keys, then the arguments. */
  eval(script: string, numkeys: number, ...keysAndArgs: string[]): PromiseLike<unknown>;
}

/**
 * The part of a [node-redis](https://github.com/redis/node-redis) (`redis` v4 or v5) client that
 * {@link fromNodeRedis} uses: `eval(script, { keys, arguments })`.
 *
 * @example
 * ```ts
 * const client: NodeRedisLike = await createClient({ url: process.env.REDIS_URL }).connect();
 * ```
 */
export interface NodeRedisLike {
  /** node-redis' `EVAL`, with keys and arguments in an options object. */
  eval(script: string, options: { keys: string[]; arguments: string[] }): PromiseLike<unknown>;
}

/**
 * Adapts an ioredis client (`new Redis(...)` or `new Cluster(...)`) to {@link RedisScriptClient}.
 * Does not import ioredis. Throws `AuthConfigError` (`ERR_AUTH_INVALID_OPTION`, option `client`)
 * when `client` has no `eval` method.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const store = createRedisTokenStore({ client: fromIoRedis(new Redis(process.env.REDIS_URL!)) });
 * ```
 */
export function fromIoRedis(client: IoRedisLike): RedisScriptClient {
  assertEval(client);
  return {
    eval: async (script, keys, args) => client.eval(script, keys.length, ...keys, ...args),
  };
}

/**
 * Adapts a node-redis client (`createClient(...)` from `redis` v4 or v5, connected) to
 * {@link RedisScriptClient}. Does not import node-redis. Throws `AuthConfigError`
 * (`ERR_AUTH_INVALID_OPTION`, option `client`) when `client` has no `eval` method.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * const store = createRedisTokenStore({ client: fromNodeRedis(redis) });
 * ```
 */
export function fromNodeRedis(client: NodeRedisLike): RedisScriptClient {
  assertEval(client);
  return {
    eval: async (script, keys, args) => client.eval(script, { keys, arguments: args }),
  };
}

/** Throws `AuthConfigError` naming `client` unless `client` has an `eval` method. */
export function assertEval(client: unknown): void {
  if (
    typeof client !== 'object' ||
    client === null ||
    typeof (client as { eval?: unknown }).eval !== 'function'
  ) {
    throw new AuthConfigError('client', '"client" must have an eval() method');
  }
}
