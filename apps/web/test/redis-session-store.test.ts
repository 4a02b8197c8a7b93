// The Redis session store on a real redis-server: what Redis holds, sharing between instances, caps,
// and failures that must come out typed and without a secret.
import { randomBytes } from 'node:crypto';
import { fromIoRedis, type RedisScriptClient } from '@ds/auth-store-redis';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisSessionStore } from '../src/index.js';
import { manualClock, pendingSignIn, USER } from './fixtures/session-store-contract.js';
import { redisSkipReason, startTestRedis, type TestRedis } from './fixtures/redis.js';

let server: TestRedis;
let redis: Redis;
let client: RedisScriptClient;
const newPrefix = () => `test-${randomBytes(4).toString('hex')}:`;

describe.skipIf(redisSkipReason !== undefined)('createRedisSessionStore against redis-server', () => {
  beforeAll(async () => {
    server = await startTestRedis();
    redis = server.connect();
    client = fromIoRedis(redis);
  });
  afterAll(() => server?.stop());

  it('stores only hashes of session ids, with an expiry, and nothing that opens a session', async () => {
    const clock = manualClock();
    const prefix = newPrefix();
    const store = createRedisSessionStore({ client, clock, prefix });
    const started = await store.startSignIn(pendingSignIn(clock));
    const signedIn = await store.signIn(USER);
    const keys = await redis.keys(`${prefix}*`);
    expect(keys.sort()).toEqual(
      [
        `${prefix}signins`,
        expect.stringMatching(new RegExp(`^${prefix}session:[\\w-]{43}$`)),
        expect.stringMatching(new RegExp(`^${prefix}signin:[\\w-]{43}$`)),
      ].sort(),
    );
    const everything = JSON.stringify([
      keys,
      ...(await Promise.all(keys.filter((key) => !key.endsWith('signins')).map((key) => redis.hgetall(key)))),
      await redis.zrange(`${prefix}signins`, '0', '-1'),
    ]);
    for (const id of [started.id, signedIn.id]) expect(everything).not.toContain(id);
    const session = keys.find((key) => key.includes(':session:')) ?? '';
    const ttl = await redis.pttl(session);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(8 * 3_600_000);
    const signin = keys.find((key) => key.includes(':signin:')) ?? '';
    expect(await redis.pttl(signin)).toBeLessThanOrEqual(10 * 60_000);
  });

  it('shares sessions between two instances on the same Redis', async () => {
    const clock = manualClock();
    const prefix = newPrefix();
    const first = createRedisSessionStore({ client, clock, prefix });
    const second = createRedisSessionStore({ client: fromIoRedis(server.connect()), clock, prefix });
    const started = await first.startSignIn(pendingSignIn(clock, '/rooms'));
    expect((await second.takeSignIn(started.id))?.returnTo).toBe('/rooms'); // the callback lands elsewhere
    expect(await first.takeSignIn(started.id)).toBeUndefined();
    const session = await second.signIn(USER);
    expect((await first.get(session.id))?.user).toEqual(USER);
    await first.delete(session.id);
    expect(await second.get(session.id)).toBeUndefined();
  });

  it('keeps the signed-in session and at most maxPendingSessions sign-ins after 10,001 sign-ins', async () => {
    const clock = manualClock();
    const prefix = newPrefix();
    const store = createRedisSessionStore({ client, clock, prefix });
    const signedIn = await store.signIn(USER);
    for (let sent = 0; sent < 10_001; sent += 100) {
      clock.advance(1);
      await Promise.all(
        Array.from({ length: Math.min(100, 10_001 - sent) }, () => store.startSignIn(pendingSignIn(clock))),
      );
    }
    expect((await store.get(signedIn.id))?.user).toEqual(USER);
    expect(await redis.zcard(`${prefix}signins`)).toBe(1_000);
    expect((await redis.keys(`${prefix}signin:*`)).length).toBe(1_000);
    expect((await redis.keys(`${prefix}session:*`)).length).toBe(1);
  });

  it('deletes a session whose stored data is not what it wrote, and treats it as unknown', async () => {
    const clock = manualClock();
    const prefix = newPrefix();
    const store = createRedisSessionStore({ client, clock, prefix });
    const session = await store.signIn(USER);
    const [key] = await redis.keys(`${prefix}session:*`);
    await redis.hset(String(key), 'data', '{"csrfToken":1}');
    expect(await store.get(session.id)).toBeUndefined();
    expect(await redis.exists(String(key))).toBe(0);
  });
});

describe('createRedisSessionStore failures', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('rejects with a retryable ERR_AUTH_STORE_UNAVAILABLE without the session data in message or cause', async () => {
    const clock = manualClock();
    const failing: RedisScriptClient = {
      eval: async (_script, keys, args) => {
        throw new Error(`connection lost while sending ${keys.join(' ')} ${args.join(' ')}`);
      },
    };
    const store = createRedisSessionStore({ client: failing, clock });
    const pending = pendingSignIn(clock);
    const error = await store.startSignIn(pending).then(
      () => undefined,
      (caught: unknown) => caught as Error & { code: string; retryable: boolean; cause: Error },
    );
    expect(error).toMatchObject({
      code: 'ERR_AUTH_STORE_UNAVAILABLE',
      message: 'the redis session store could not start a sign-in',
      retryable: true,
    });
    const seen = `${error?.message} ${error?.cause?.message} ${error?.cause?.stack}`;
    for (const secret of [pending.codeVerifier, pending.nonce, pending.state])
      expect(seen).not.toContain(secret);
    expect(error?.cause?.message).toContain('connection lost');
  });

  it('rejects with a retryable ERR_AUTH_STORE_UNAVAILABLE when Redis does not answer within timeoutMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const hanging: RedisScriptClient = { eval: () => new Promise(() => undefined) };
    const store = createRedisSessionStore({ client: hanging, timeoutMs: 2_000 });
    const result = store.get('a'.repeat(43)).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await result).toMatchObject({
      code: 'ERR_AUTH_STORE_UNAVAILABLE',
      message: 'the redis session store did not read a session within 2000 ms',
      retryable: true,
    });
  });

  it('does not ask Redis about a cookie value that cannot be a session id', async () => {
    const calls: string[][] = [];
    const store = createRedisSessionStore({
      client: {
        eval: async (_script, keys) => {
          calls.push(keys);
          return null;
        },
      },
    });
    expect(await store.get('x'.repeat(5000))).toBeUndefined();
    expect(await store.takeSignIn('../../etc')).toBeUndefined();
    await store.delete('');
    expect(calls).toEqual([]);
  });

  it('validates its options, naming the option', () => {
    const client: RedisScriptClient = { eval: async () => null };
    expect(() => createRedisSessionStore({} as never)).toThrow(
      new TypeError('"client" must have an eval() method'),
    );
    expect(() => createRedisSessionStore({ client, prefix: 'a\nb' })).toThrow(
      new TypeError('"prefix" must be a string of at most 256 printable characters'),
    );
    expect(() => createRedisSessionStore({ client, timeoutMs: 0 })).toThrow(
      new RangeError('"timeoutMs" must be a positive number'),
    );
    expect(() => createRedisSessionStore({ client, idleTimeoutMs: Number.NaN })).toThrow(
      new RangeError('"idleTimeoutMs" must be a positive number'),
    );
  });
});
