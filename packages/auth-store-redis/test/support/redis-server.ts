// The shared throwaway redis-server (tools/redis-server.ts), plus ioredis clients that are closed with it.
import { Redis } from 'ioredis';
import { startRedisServer as startServer } from '../../../../tools/redis-server.js';

export { redisSkipReason } from '../../../../tools/redis-server.js';

/** A running redis-server with a client factory. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** A new ioredis client to this server; closed by {@link RedisServer.stop}. */
  connect(): Redis;
  stop(): Promise<void>;
}

/** Spawns redis-server on a free loopback port and waits until it answers PING. */
export async function startRedisServer(): Promise<RedisServer> {
  const server = await startServer();
  const clients: Redis[] = [];
  return {
    port: server.port,
    url: server.url,
    connect() {
      const client = new Redis({ host: '127.0.0.1', port: server.port, maxRetriesPerRequest: 1 });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const client of clients) client.disconnect();
      await server.stop();
    },
  };
}
