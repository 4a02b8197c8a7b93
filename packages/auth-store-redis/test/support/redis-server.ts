// The shared throwaway redis-server (tools/redis-server.ts), plus ioredis clients that are closed with it.
import { Redis, type RedisOptions } from 'ioredis';
import { type RedisServerOptions, startRedisServer as startServer } from '../../../../tools/redis-server.js';

export { redisSkipReason } from '../../../../tools/redis-server.js';

/** A running redis-server with a client factory. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** A new ioredis client to this server; closed by {@link RedisServer.stop}. */
  connect(options?: RedisOptions): Redis;
  /**
   * Kills the server (`SIGKILL`, a crash) and, once `whileDown` has run, starts it again on the same
   * port and data directory; clients reconnect by themselves. Needs `directory` for the data to survive.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/** Spawns redis-server on a free loopback port and waits until it answers PING. */
export async function startRedisServer(
  options: Pick<RedisServerOptions, 'directory'> = {},
): Promise<RedisServer> {
  let server = await startServer(options);
  const clients: Redis[] = [];
  return {
    port: server.port,
    url: server.url,
    connect(clientOptions = {}) {
      const client = new Redis({
        host: '127.0.0.1',
        port: server.port,
        maxRetriesPerRequest: 1,
        ...clientOptions,
      });
      // A refused reconnect while a test restarts the server: the commands report it, no need to log it.
      client.on('error', () => undefined);
      clients.push(client);
      return client;
    },
    async restart(whileDown) {
      await server.stop('SIGKILL');
      await whileDown?.();
      server = await startServer({ ...options, port: server.port });
    },
    async stop() {
      for (const client of clients) client.disconnect();
      await server.stop();
    },
  };
}
