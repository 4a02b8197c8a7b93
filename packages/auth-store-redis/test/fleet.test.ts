// A fleet of 10,000 users refreshed at once by two processes sharing one redis-server (issue 16):
// every user's rotating refresh token is spent exactly once and the new one is stored.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisTokenStore, fromIoRedis } from '../src/index.js';
import { type RedisServer, redisSkipReason, startRedisServer } from './fixtures/redis-server.js';
import { type FleetToken, rotatingIssuer } from './fixtures/rotating-issuer.js';

let server: RedisServer;
beforeAll(async () => {
  if (redisSkipReason === undefined) server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

const USERS = 10_000;

describe.skipIf(redisSkipReason !== undefined)('createRedisTokenStore with a 10,000-key fleet', () => {
  it('refreshes every key once across two processes: none lost, none spent twice, no error', async () => {
    const issuer = rotatingIssuer();
    const prefix = `fleet-${randomBytes(4).toString('hex')}:`;
    const processes = [0, 1].map(() =>
      createRedisTokenStore<FleetToken>({ client: fromIoRedis(server.connect()), prefix }),
    );
    const keys = Array.from({ length: USERS }, (_, index) => `user-${index}`);
    await Promise.all(keys.map((key) => processes[0]!.compareAndSet(key, 0, issuer.initial(key))));
    const managers = processes.flatMap((store) =>
      keys.map((key) => ({ key, manager: issuer.manager(store, key) })),
    );

    const results = await Promise.allSettled(managers.map(({ manager }) => manager.get()));

    const failures = results.filter((result) => result.status === 'rejected');
    expect(failures.map((failure) => (failure as PromiseRejectedResult).reason?.code)).toEqual([]);
    expect(issuer.spentTwice()).toEqual([]);
    expect(issuer.presented).toHaveLength(USERS);
    const stored = await Promise.all(keys.map((key) => processes[1]!.get(key)));
    const lost = keys.filter((key, index) => stored[index]?.value.refreshToken !== issuer.live(key));
    expect(lost).toEqual([]);
    // Both processes hold the same token set for each user.
    for (let index = 0; index < USERS; index++) {
      const first = results[index] as PromiseFulfilledResult<{ token: FleetToken }>;
      const second = results[USERS + index] as PromiseFulfilledResult<{ token: FleetToken }>;
      if (first.value.token.accessToken !== second.value.token.accessToken)
        throw new Error(`the processes disagree on ${keys[index]}`);
    }
  }, 180_000);
});
