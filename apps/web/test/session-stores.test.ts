// The SessionStore contract, on the memory store and on the Redis store over a real redis-server.
import { randomBytes } from 'node:crypto';
import { fromIoRedis, type RedisScriptClient } from '@ds/auth-store-redis';
import { afterAll, beforeAll } from 'vitest';
import { createMemorySessionStore, createRedisSessionStore } from '../src/index.js';
import { describeSessionStore } from './fixtures/session-store-contract.js';
import { redisSkipReason, startTestRedis, type TestRedis } from './fixtures/redis.js';

describeSessionStore('createMemorySessionStore', (clock, limits) =>
  createMemorySessionStore({ clock, ...limits }),
);

let redis: TestRedis | undefined;
let client: RedisScriptClient;
beforeAll(async () => {
  if (redisSkipReason !== undefined) return;
  redis = await startTestRedis();
  client = fromIoRedis(redis.connect());
});
afterAll(() => redis?.stop());

describeSessionStore(
  'createRedisSessionStore',
  (clock, limits) =>
    createRedisSessionStore({ client, clock, prefix: `test-${randomBytes(4).toString('hex')}:`, ...limits }),
  redisSkipReason !== undefined,
);
