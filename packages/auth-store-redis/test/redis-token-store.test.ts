import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisTokenStore, fromIoRedis, type RedisScriptClient } from '../src/index.js';
import { rejection } from './fixtures/rejection.js';
import { type RedisServer, redisSkipReason, startRedisServer } from './fixtures/redis-server.js';

let server: RedisServer;
let redis: Redis;
let client: RedisScriptClient;
const newPrefix = (): string => `test-${randomBytes(4).toString('hex')}:`;

describe.skipIf(redisSkipReason !== undefined)('createRedisTokenStore against redis-server', () => {
  beforeAll(async () => {
    server = await startRedisServer();
    redis = server.connect();
    client = fromIoRedis(redis);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('writes with compare-and-set and versions that only grow', async () => {
    const store = createRedisTokenStore<{ accessToken: string }>({ client, prefix: newPrefix() });
    expect(await store.get('user')).toBeUndefined();
    expect(await store.compareAndSet('user', 0, { accessToken: 'a' })).toEqual({ ok: true, version: 1 });
    expect(await store.compareAndSet('user', 0, { accessToken: 'b' })).toEqual({
      ok: false,
      current: { value: { accessToken: 'a' }, version: 1 },
    });
    expect(await store.compareAndSet('user', 7, { accessToken: 'b' })).toEqual({
      ok: false,
      current: { value: { accessToken: 'a' }, version: 1 },
    });
    expect(await store.compareAndSet('user', 1, { accessToken: 'c' })).toEqual({ ok: true, version: 2 });
    expect(await store.get('user')).toEqual({ value: { accessToken: 'c' }, version: 2 });
  });

  it('deletes with compare-and-set, and refuses a delete at a stale version', async () => {
    const store = createRedisTokenStore({ client, prefix: newPrefix() });
    expect(await store.compareAndSet('user', 0, { accessToken: 'a' })).toEqual({ ok: true, version: 1 });
    expect(await store.compareAndSet('user', 2, undefined)).toEqual({
      ok: false,
      current: { value: { accessToken: 'a' }, version: 1 },
    });
    expect(await store.compareAndSet('user', 1, undefined)).toEqual({ ok: true, version: 0 });
    expect(await store.get('user')).toBeUndefined();
    expect(await store.compareAndSet('user', 1, { accessToken: 'b' })).toEqual({
      ok: false,
      current: undefined,
    });
  });

  it('keeps growing versions across a delete, so a stale writer never matches a recreated entry', async () => {
    const store = createRedisTokenStore({ client, prefix: newPrefix() });
    await store.compareAndSet('user', 0, { n: 1 });
    await store.compareAndSet('user', 1, { n: 2 });
    await store.compareAndSet('user', 2, undefined);
    expect(await store.compareAndSet('user', 0, { n: 3 })).toEqual({ ok: true, version: 3 });
    // A writer that read version 1 or 2 before the delete cannot overwrite the new entry.
    expect((await store.compareAndSet('user', 1, { n: 4 })).ok).toBe(false);
    expect((await store.compareAndSet('user', 2, { n: 4 })).ok).toBe(false);
    expect(await store.get('user')).toEqual({ value: { n: 3 }, version: 3 });
  });

  it('lets exactly one of many concurrent writers (on separate connections) win the same version', async () => {
    const prefix = newPrefix();
    const stores = Array.from({ length: 8 }, () =>
      createRedisTokenStore({ client: fromIoRedis(server.connect()), prefix }),
    );
    const results = await Promise.all(
      stores.map((store, index) => store.compareAndSet('user', 0, { writer: index })),
    );
    const winners = results.filter((result) => result.ok);
    expect(winners).toEqual([{ ok: true, version: 1 }]);
    const winner = results.indexOf(winners[0]!);
    for (const result of results)
      if (!result.ok) expect(result.current).toEqual({ value: { writer: winner }, version: 1 });
  });

  it('namespaces its Redis keys with the prefix, and keeps keys of different stores apart', async () => {
    const prefix = newPrefix();
    const store = createRedisTokenStore({ client, prefix });
    const other = createRedisTokenStore({ client, prefix: newPrefix() });
    await store.compareAndSet('user@example.com', 0, { accessToken: 'a' });
    expect(await redis.keys(`${prefix}*`)).toEqual([`${prefix}token:user@example.com`]);
    expect(await other.get('user@example.com')).toBeUndefined();
    const defaultStore = createRedisTokenStore({ client });
    await defaultStore.compareAndSet(`k-${prefix}`, 0, { accessToken: 'a' });
    expect(await redis.exists(`ds-auth:token:k-${prefix}`)).toBe(1);
  });

  it('reports a corrupt entry as a typed error without showing its content', async () => {
    const prefix = newPrefix();
    const store = createRedisTokenStore({ client, prefix });
    await redis.hset(`${prefix}token:user`, 'value', '{"accessToken": "secret-value"', 'version', '1');
    const error = await rejection(store.get('user'));
    expect(error).toMatchObject({
      code: 'ERR_AUTH_STORE_CORRUPT',
      message: 'the token entry for key "user" is not valid',
    });
    expect(inspect(error)).not.toContain('secret-value');
  });

  it('round-trips nested JSON values and never shows them when printed', async () => {
    const store = createRedisTokenStore({ client, prefix: newPrefix() });
    const value = {
      accessToken: 'secret-access',
      refreshToken: 'secret-refresh',
      scopes: ['a', 'b'],
      n: 1.5,
    };
    await store.compareAndSet('user', 0, value);
    expect((await store.get('user'))?.value).toEqual(value);
    for (const text of [inspect(store), JSON.stringify({ store }), String(store)]) {
      expect(text).toContain('RedisTokenStore [redacted]');
    }
  });
});
