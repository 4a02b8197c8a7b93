import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe } from 'vitest';
import { describeReadmeExamples } from '../../../tools/readme-examples.js';
import { type RedisServer, redisSkipReason, startRedisServer } from './support/redis-server.js';

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
  describeReadmeExamples(fileURLToPath(new URL('../README.md', import.meta.url)));
});
