import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisTokenStore, fromIoRedis, type RedisScriptClient } from '../src/index.js';
import { EXTEND_SCRIPT, LOCK_SCRIPT } from '../src/redis-scripts.js';
import { rejection } from './fixtures/rejection.js';
import { type RedisServer, redisSkipReason, startRedisServer } from './fixtures/redis-server.js';

let server: RedisServer;
let redis: Redis;

/** A client that counts lock attempts and heartbeats, and can be made to stop answering (a dead holder). */
function spyClient(): RedisScriptClient & {
  attempts: number;
  extends: number;
  die(): void;
  dropHeartbeats(): void;
} {
  const inner = fromIoRedis(redis);
  let dead = false;
  let dropHeartbeats = false;
  const spy = {
    attempts: 0,
    extends: 0,
    die: () => {
      dead = true;
    },
    dropHeartbeats: () => {
      dropHeartbeats = true;
    },
    eval: async (script: string, keys: string[], args: string[]) => {
      if (script === LOCK_SCRIPT) spy.attempts += 1;
      if (script === EXTEND_SCRIPT) spy.extends += 1;
      if (dead || (dropHeartbeats && script === EXTEND_SCRIPT)) throw new Error('connection is closed');
      return inner.eval(script, keys, args);
    },
  };
  return spy;
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const newPrefix = (): string => `lock-${randomBytes(4).toString('hex')}:`;

describe.skipIf(redisSkipReason !== undefined)('RedisTokenStore.lock against redis-server', () => {
  beforeAll(async () => {
    server = await startRedisServer();
    redis = server.connect();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('makes a second locker wait until the first releases', async () => {
    const prefix = newPrefix();
    const first = createRedisTokenStore({ client: fromIoRedis(redis), prefix });
    const secondClient = spyClient();
    const second = createRedisTokenStore({ client: secondClient, prefix, lockRetryMs: 5 });
    const order: string[] = [];
    const releaseFirst = await first.lock!('user');
    const waiting = second.lock!('user').then(async (release) => {
      order.push('second acquired');
      await release();
    });
    await until(() => secondClient.attempts >= 3, 'the second locker tried three times');
    order.push('first releasing');
    await releaseFirst();
    await waiting;
    expect(order).toEqual(['first releasing', 'second acquired']);
    expect(await redis.exists(`${prefix}lock:user`)).toBe(0);
  });

  it('locks each key on its own', async () => {
    const store = createRedisTokenStore({ client: fromIoRedis(redis), prefix: newPrefix() });
    const releaseA = await store.lock!('a');
    const releaseB = await store.lock!('b', { signal: AbortSignal.timeout(5_000) });
    await releaseB();
    await releaseA();
  });

  it('keeps a held lock alive past its TTL with heartbeats', async () => {
    const prefix = newPrefix();
    const holderClient = spyClient();
    const holder = createRedisTokenStore({ client: holderClient, prefix, lockTtlMs: 150 });
    const release = await holder.lock!('user');
    // Four heartbeats 50 ms apart: more than 150 ms since the lock was taken.
    await until(() => holderClient.extends >= 4, 'four heartbeats ran');
    expect(await redis.pttl(`${prefix}lock:user`)).toBeGreaterThan(0);
    const other = createRedisTokenStore({ client: fromIoRedis(redis), prefix });
    const controller = new AbortController();
    const attempt = other.lock!('user', { signal: controller.signal });
    await until(() => holderClient.extends >= 6, 'two more heartbeats ran');
    controller.abort();
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_AUTH_TIMEOUT' });
    await release();
  });

  it('frees the lock of a holder that died once its TTL expires, and the next locker takes it', async () => {
    const prefix = newPrefix();
    const holderClient = spyClient();
    const holder = createRedisTokenStore({ client: holderClient, prefix, lockTtlMs: 200 });
    await holder.lock!('user');
    holderClient.die(); // no more heartbeats, never released
    expect(await redis.exists(`${prefix}lock:user`)).toBe(1);
    const nextClient = spyClient();
    const next = createRedisTokenStore({ client: nextClient, prefix, lockRetryMs: 10 });
    const release = await next.lock!('user', { signal: AbortSignal.timeout(10_000) });
    expect(nextClient.attempts).toBeGreaterThan(1);
    await release();
  });

  it('releases only its own lock: an expired holder cannot delete the lock of the next one', async () => {
    const prefix = newPrefix();
    const lockKey = `${prefix}lock:user`;
    const staleClient = spyClient();
    const stale = createRedisTokenStore({ client: staleClient, prefix, lockTtlMs: 100 });
    const releaseStale = await stale.lock!('user');
    staleClient.dropHeartbeats(); // e.g. a long GC pause: the lock expires under its holder
    const next = createRedisTokenStore({ client: fromIoRedis(redis), prefix, lockRetryMs: 5 });
    const releaseNext = await next.lock!('user', { signal: AbortSignal.timeout(10_000) });
    const owner = await redis.get(lockKey);
    await releaseStale();
    expect(await redis.get(lockKey)).toBe(owner);
    await releaseNext();
    expect(await redis.exists(lockKey)).toBe(0);
    await releaseNext(); // releasing twice is harmless
  });

  it('gives up with AuthTimeoutError when the signal aborts while waiting', async () => {
    const prefix = newPrefix();
    const holder = createRedisTokenStore({ client: fromIoRedis(redis), prefix });
    const release = await holder.lock!('user');
    const waiterClient = spyClient();
    const waiter = createRedisTokenStore({ client: waiterClient, prefix, lockRetryMs: 5 });
    const controller = new AbortController();
    const waiting = waiter.lock!('user', { signal: controller.signal });
    await until(() => waiterClient.attempts >= 2, 'the waiter tried twice');
    const reason = new Error('caller gave up');
    controller.abort(reason);
    const error = await rejection(waiting);
    expect({ code: error.code, message: error.message, cause: error.cause }).toEqual({
      code: 'ERR_AUTH_TIMEOUT',
      message: 'gave up waiting for the lock on key "user"',
      cause: reason,
    });
    await expect(waiter.lock!('user', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'ERR_AUTH_TIMEOUT',
      message: 'gave up waiting for the lock on key "user"',
    });
    await release();
    expect(await redis.exists(`${prefix}lock:user`)).toBe(0);
  });
});
