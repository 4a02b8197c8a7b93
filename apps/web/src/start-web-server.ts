import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, createMemoryTokenStore, type TokenStore } from '@ds/auth-core';
import { createFileTokenStore } from '@ds/auth-core/node';
import type { OAuthTokens } from '@ds/auth-oauth';
import { createRedisTokenStore, fromIoRedis, type RedisScriptClient } from '@ds/auth-store-redis';
import type { Emulator, EmulatorOptions } from '@ds/emulator';
import { createWebApp, type WebApp } from './create-web-app.js';
import { startDemoPortal } from './demo-portal.js';
import { createRedisSessionStore } from './redis-session-store.js';
import type { SessionStore } from './session-store.js';

/** Options for {@link startWebServer}. */
export interface WebServerOptions {
  /** The environment to read (`DOCSPACE_URL`, `DOCSPACE_CLIENT_ID`, ...; see the README). */
  env: Record<string, string | undefined>;
  /** Port on `host`; default `PORT` from `env`, else 3000. `0` picks a free one. */
  port?: number | undefined;
  /** Default `HOST` from `env`, else `127.0.0.1`. */
  host?: string | undefined;
  /** Emulator mode only: options for the in-process emulator (e.g. `{ clock: 'manual' }`). */
  emulator?: EmulatorOptions | undefined;
  /**
   * With `DOCSPACE_URL`: the time source of token expiry, ID-token checks and session timeouts (a test
   * passes its emulator's clock). In emulator mode the emulator's clock is used.
   */
  clock?: Clock | undefined;
  log?: ((line: string) => void) | undefined;
}

/** A listening web app. */
export interface RunningWebServer {
  /** Where the app is reachable (its `publicUrl`). */
  readonly url: string;
  /** The port it listens on (differs from `url`'s behind a proxy). */
  readonly port: number;
  readonly app: WebApp;
  /** The in-process portal when `DOCSPACE_URL` is not set. */
  readonly emulator: Emulator | undefined;
  /** Stops the server (and the emulator); safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the web app on `node:http`. Without `DOCSPACE_URL` it also starts the DocSpace emulator
 * in-process, registers the app there with its own `/callback`, and shares the emulator's clock with
 * the app's token handling. With `DOCSPACE_URL` it needs `DOCSPACE_CLIENT_ID` and
 * `DOCSPACE_CLIENT_SECRET` (a TypeError names the missing one). `REDIS_URL` keeps tokens
 * (`@ds/auth-store-redis`) and browser sessions in Redis under `DS_WEB_REDIS_PREFIX` (default `ds-web:`),
 * so a restart or a second instance on the same Redis keeps everyone signed in; it rejects when Redis
 * cannot be reached within 5 s. `DS_WEB_TOKEN_DIR` selects the file token store instead (tokens survive
 * restarts, sessions do not); otherwise both live in memory.
 *
 * @example
 * ```ts
 * const server = await startWebServer({ env: {}, port: 0 });
 * console.log(server.url); // http://127.0.0.1:<port>
 * await server.close();
 * ```
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const { env } = options;
  const portal = env.DOCSPACE_URL?.trim() || undefined;
  const clientId = env.DOCSPACE_CLIENT_ID?.trim() || undefined;
  const clientSecret = env.DOCSPACE_CLIENT_SECRET || undefined;
  if (portal && !clientId) throw new TypeError('"DOCSPACE_CLIENT_ID" is required with "DOCSPACE_URL"');
  if (portal && !clientSecret)
    throw new TypeError('"DOCSPACE_CLIENT_SECRET" is required with "DOCSPACE_URL"');
  const port = options.port ?? parsePort(env.PORT);
  const host = options.host ?? (env.HOST?.trim() || '127.0.0.1');
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (redisUrl && env.DS_WEB_TOKEN_DIR)
    throw new TypeError('"REDIS_URL" and "DS_WEB_TOKEN_DIR" cannot be used together: choose one token store');
  const prefix = env.DS_WEB_REDIS_PREFIX ?? 'ds-web:';
  const clock = options.clock;
  const redis = redisUrl ? await connectRedis(redisUrl, options.log) : undefined;
  let store: TokenStore<OAuthTokens>;
  let sessions: SessionStore | undefined;
  try {
    store = redis
      ? createRedisTokenStore<OAuthTokens>({ client: redis.client, prefix })
      : env.DS_WEB_TOKEN_DIR
        ? createFileTokenStore<OAuthTokens>({ directory: env.DS_WEB_TOKEN_DIR })
        : createMemoryTokenStore<OAuthTokens>();
  } catch (error) {
    await redis?.close();
    throw error;
  }

  // Listen first: the app's redirect URI needs the port actually in use.
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  } catch (error) {
    await redis?.close();
    throw error;
  }
  const closeServer = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  const bound = (server.address() as AddressInfo).port;
  const publicUrl = (
    env.PUBLIC_URL?.trim() || `http://${host.includes(':') ? `[${host}]` : host}:${bound}`
  ).replace(/\/$/, '');

  let demo: Awaited<ReturnType<typeof startDemoPortal>> | undefined;
  try {
    if (!portal) demo = await startDemoPortal(publicUrl, options.emulator);
    const time = demo?.emulator.clock ?? clock;
    if (redis) sessions = createRedisSessionStore({ client: redis.client, prefix, clock: time });
    const app = createWebApp({
      portalUrl: portal ?? (demo as NonNullable<typeof demo>).emulator.url,
      clientId: clientId ?? (demo as NonNullable<typeof demo>).clientId,
      clientSecret: clientSecret ?? (demo as NonNullable<typeof demo>).clientSecret,
      publicUrl,
      store,
      sessions,
      clock: time,
      log: options.log,
    });
    server.on('request', app.handler);
    let closing: Promise<void> | undefined;
    return {
      url: publicUrl,
      port: bound,
      app,
      emulator: demo?.emulator,
      close: () => {
        closing ??= Promise.all([closeServer(), demo?.emulator.close()])
          .then(() => redis?.close())
          .then(() => undefined);
        return closing;
      },
    };
  } catch (error) {
    await Promise.all([closeServer(), demo?.emulator.close(), redis?.close()]);
    throw error;
  }
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new TypeError('"PORT" must be a port number (0-65535)');
  return port;
}

/** A connected Redis client for the token and session stores, and how to let it go. */
interface RedisConnection {
  readonly client: RedisScriptClient;
  close(): Promise<void>;
}

/**
 * Connects ioredis to `url` (loaded only when asked for) with a 5 s connect and command timeout. Errors
 * name the host, never the URL (it may hold a password).
 */
async function connectRedis(url: string, log?: (line: string) => void): Promise<RedisConnection> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError('"REDIS_URL" must be a redis:// or rediss:// URL');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new TypeError('"REDIS_URL" must be a redis:// or rediss:// URL');
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5_000,
    commandTimeout: 5_000,
    maxRetriesPerRequest: 2,
  });
  // Failures reach the stores as rejected commands; the event only says the connection is down (once
  // per kind, not at every reconnection attempt).
  let last: string | undefined;
  redis.on('error', (error: Error & { code?: string }) => {
    const kind = error.code ?? error.name;
    if (kind !== last) log?.(`redis at ${parsed.host}: ${kind}`);
    last = kind;
  });
  redis.on('ready', () => {
    last = undefined;
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const code = (error as { code?: unknown }).code;
    throw new Error(
      `could not connect to Redis at ${parsed.host}${typeof code === 'string' ? ` (${code})` : ''}`,
    );
  }
  let closing: Promise<void> | undefined;
  return {
    client: fromIoRedis(redis),
    close: () => {
      closing ??= redis.quit().then(
        () => undefined,
        () => redis.disconnect(),
      );
      return closing;
    },
  };
}
