// The Redis store under faults on a real redis-server (issue 16): a restart during a refresh, a
// connection killed while the lock is held, the lock expiring while a slow refresh is in flight, a
// server that stops answering (CLIENT PAUSE). In every case: no refresh token lost, none spent twice,
// a typed error and no hang.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisTokenStore, fromIoRedis, type RedisScriptClient } from '../src/index.js';
import { COMPARE_AND_SET_SCRIPT, EXTEND_SCRIPT } from '../src/redis-scripts.js';
import { rejection } from './fixtures/rejection.js';
import { type RedisServer, redisSkipReason, startRedisServer } from './fixtures/redis-server.js';
import { type FleetToken, rotatingIssuer } from './fixtures/rotating-issuer.js';

let server: RedisServer;
let directory: string;

beforeEach(async () => {
  if (redisSkipReason !== undefined) return;
  directory = await mkdtemp(join(tmpdir(), 'ds-redis-faults-'));
  server = await startRedisServer({ directory });
});
afterEach(async () => {
  await server?.stop();
  if (directory) await rm(directory, { recursive: true, force: true });
});

/** A client that counts failed calls and can lose its heartbeats (a holder cut off from Redis). */
function faultyClient(
  redis: Redis,
): RedisScriptClient & { failures: number; heartbeats: number; cutHeartbeats: boolean } {
  const inner = fromIoRedis(redis);
  const client = {
    failures: 0,
    heartbeats: 0,
    cutHeartbeats: false,
    async eval(script: string, keys: string[], args: string[]) {
      if (script === EXTEND_SCRIPT) client.heartbeats += 1;
      if (client.cutHeartbeats && script === EXTEND_SCRIPT) throw new Error('connection is closed');
      try {
        return await inner.eval(script, keys, args);
      } catch (error) {
        client.failures += 1;
        throw error;
      }
    },
  };
  return client;
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const prefix = (): string => `faults-${randomBytes(4).toString('hex')}:`;

describe.skipIf(redisSkipReason !== undefined)('createRedisTokenStore under faults', () => {
  it('keeps the rotated refresh token when redis-server restarts while the refresh is in flight', async () => {
    const issuer = rotatingIssuer();
    const shared = prefix();
    const client = faultyClient(server.connect());
    const store = createRedisTokenStore<FleetToken>({ client, prefix: shared });
    await store.compareAndSet('user', 0, issuer.initial('user'));
    const slow = issuer.hold('after'); // the server rotated rt-0; its answer is still on the way
    const refreshing = issuer.manager(store, 'user').get();
    await slow.reached;
    await server.restart(async () => {
      // While it is down, another process gets a typed error at once, not a hang.
      const other = createRedisTokenStore<FleetToken>({
        client: fromIoRedis(server.connect()),
        prefix: shared,
      });
      expect(await rejection(issuer.manager(other, 'user').get())).toMatchObject({
        code: 'ERR_AUTH_STORE_UNAVAILABLE',
        retryable: true,
      });
      slow.open(); // the answer arrives while Redis is down: its write fails
      await until(() => client.failures > 0, 'the rotated token could not be written');
    });
    const { token } = await refreshing;
    expect(token.refreshToken).toBe(issuer.live('user'));
    expect((await store.get('user'))?.value.refreshToken).toBe(issuer.live('user'));
    expect(issuer.spentTwice()).toEqual([]);
  });

  it("refreshes once when the lock holder's connection is killed while it holds the lock", async () => {
    const issuer = rotatingIssuer();
    const shared = prefix();
    const holderRedis = server.connect();
    const holder = createRedisTokenStore<FleetToken>({ client: fromIoRedis(holderRedis), prefix: shared });
    const waiter = createRedisTokenStore<FleetToken>({
      client: fromIoRedis(server.connect()),
      prefix: shared,
    });
    await holder.compareAndSet('user', 0, issuer.initial('user'));
    const slow = issuer.hold('before');
    const first = issuer.manager(holder, 'user').get();
    await slow.reached; // the holder has the lock and is about to spend rt-0
    const second = issuer.manager(waiter, 'user').get();
    const admin = server.connect();
    await admin.client('KILL', 'ID', String(await holderRedis.client('ID')));
    slow.open();
    const [a, b] = await Promise.all([first, second]);
    expect(a.token.accessToken).toBe(b.token.accessToken);
    expect(issuer.presented).toEqual(['user:rt-0']);
    expect((await waiter.get('user'))?.value.refreshToken).toBe(issuer.live('user'));
  });

  it('keeps the lock while a refresh outlasts lockTtlMs many times over (the heartbeat extends it)', async () => {
    const issuer = rotatingIssuer();
    const shared = prefix();
    const client = faultyClient(server.connect());
    const options = { prefix: shared, lockTtlMs: 300 };
    const holder = createRedisTokenStore<FleetToken>({ client, ...options });
    const waiter = createRedisTokenStore<FleetToken>({ client: fromIoRedis(server.connect()), ...options });
    await holder.compareAndSet('user', 0, issuer.initial('user'));
    const slow = issuer.hold('before');
    const first = issuer.manager(holder, 'user').get();
    await slow.reached;
    const second = issuer.manager(waiter, 'user').get();
    const admin = server.connect();
    const lockKey = `${shared}lock:user`;
    // Ten heartbeats (over three lock lifetimes) with the refresh still in flight: the lock is still there.
    await until(() => client.heartbeats >= 10, 'ten heartbeats ran');
    expect(await admin.exists(lockKey)).toBe(1);
    expect(issuer.presented).toEqual([]);
    slow.open();
    const [a, b] = await Promise.all([first, second]);
    expect(b.token.accessToken).toBe(a.token.accessToken);
    expect(issuer.presented).toEqual(['user:rt-0']);
  });

  it('loses no refresh token and spends none twice when the lock expires under a slow refresh', async () => {
    const issuer = rotatingIssuer();
    const shared = prefix();
    const client = faultyClient(server.connect());
    const options = { prefix: shared, lockTtlMs: 150 };
    const holder = createRedisTokenStore<FleetToken>({ client, ...options });
    const next = createRedisTokenStore<FleetToken>({ client: fromIoRedis(server.connect()), ...options });
    await holder.compareAndSet('user', 0, issuer.initial('user'));
    const slow = issuer.hold('after'); // rt-0 is spent at the server; the answer is slow
    const first = issuer.manager(holder, 'user').get();
    await slow.reached;
    client.cutHeartbeats = true; // the holder can no longer extend its lock: it expires
    const admin = server.connect();
    const holderKey = `${shared}holder:user`;
    const firstHolder = await admin.get(holderKey);
    await until(async () => (await admin.exists(`${shared}lock:user`)) === 0, 'the lock expired');
    const second = issuer.manager(next, 'user').get();
    await until(async () => (await admin.get(holderKey)) !== firstHolder, 'the next process took the lock');
    slow.open();
    const results = await Promise.allSettled([first, second]);
    // Both end with the live token (or a typed error), nothing hangs, and it is stored.
    for (const result of results) {
      if (result.status === 'fulfilled') expect(result.value.token.refreshToken).toBe(issuer.live('user'));
      else expect(result.reason).toMatchObject({ code: expect.stringMatching(/^ERR_/) });
    }
    expect((await next.get('user'))?.value.refreshToken).toBe(issuer.live('user'));
    expect(issuer.spentTwice()).toEqual([]);
  });

  it('a paused redis-server costs a timeout, not a hang, and a write it answers late is adopted', async () => {
    const issuer = rotatingIssuer();
    const shared = prefix();
    const inner = fromIoRedis(server.connect());
    let writes = 0;
    const client: RedisScriptClient = {
      eval(script, keys, args) {
        if (script === COMPARE_AND_SET_SCRIPT) writes += 1;
        return inner.eval(script, keys, args);
      },
    };
    const store = createRedisTokenStore<FleetToken>({ client, prefix: shared });
    await store.compareAndSet('user', 0, issuer.initial('user'));
    const admin = server.connect();
    // CLIENT PAUSE WRITE holds every script (they may write) until CLIENT UNPAUSE; the admin's own
    // commands are not writes and still run.
    const pause = () => admin.call('CLIENT', 'PAUSE', '60000', 'WRITE');
    const unpause = () => admin.call('CLIENT', 'UNPAUSE');
    await pause();
    const paused = issuer.manager(store, 'user', { storeTimeoutMs: 100 });
    expect(await rejection(paused.get())).toMatchObject({
      name: 'AuthTimeoutError',
      code: 'ERR_AUTH_TIMEOUT',
      retryable: true,
      message: 'the token store did not finish reading key "user" within 100 ms',
    });
    expect(issuer.presented).toEqual([]);
    await unpause();

    // Now the pause comes while the rotated token set is on its way back: its first write stalls past
    // the deadline and is sent again; Redis then runs both, and compare-and-set keeps the first.
    const slow = issuer.hold('after');
    const refreshing = issuer.manager(store, 'user', { storeTimeoutMs: 100 }).get();
    await slow.reached;
    await pause();
    writes = 0;
    slow.open();
    await until(() => writes >= 2, 'the stalled write was sent again');
    await unpause();
    const { token } = await refreshing;
    expect(token.refreshToken).toBe(issuer.live('user'));
    expect((await store.get('user'))?.value.refreshToken).toBe(issuer.live('user'));
    expect(issuer.presented).toEqual(['user:rt-0']);
  });
});
