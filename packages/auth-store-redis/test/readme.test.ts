import { fileURLToPath } from 'node:url';
import { describeReadmeExamples } from '@ds/auth-testing/node';
import { afterAll, beforeAll, describe } from 'vitest';
import { type RedisServer, redisSkipReason, startRedisServer } from './fixtures/redis-server.js';

// The examples read REDIS_URL like an app would; here it points at a throwaway redis-server.
let server: RedisServer | undefined;
describe.skipIf(redisSkipReason !== undefined)('with a redis-server for the examples', () => {
  beforeAll(async () => {
    server = await startRedisServer();
    process.env.REDIS_URL = server.url;
  });
  afterAll(async () => {
    delete process.env.REDIS_URL;
    await server?.stop();
  });
  describeReadmeExamples({ packageDir: fileURLToPath(new URL('..', import.meta.url)) });
});
