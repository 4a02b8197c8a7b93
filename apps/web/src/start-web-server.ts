import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemoryTokenStore, type TokenStore } from '@ds/auth-core';
import { createFileTokenStore } from '@ds/auth-core/node';
import type { OAuthTokens } from '@ds/auth-oauth';
import type { Emulator, EmulatorOptions } from '@ds/emulator';
import { createWebApp, type WebApp } from './create-web-app.js';
import { startDemoPortal } from './demo-portal.js';

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
  log?: ((line: string) => void) | undefined;
}

/** A listening web app. */
export interface RunningWebServer {
  /** Where the app is reachable (its `publicUrl`). */
  readonly url: string;
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
 * `DOCSPACE_CLIENT_SECRET` (a TypeError names the missing one). `DS_WEB_TOKEN_DIR` selects the file
 * token store (tokens survive restarts), otherwise tokens live in memory.
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
  const store: TokenStore<OAuthTokens> = env.DS_WEB_TOKEN_DIR
    ? createFileTokenStore<OAuthTokens>({ directory: env.DS_WEB_TOKEN_DIR })
    : createMemoryTokenStore<OAuthTokens>();

  // Listen first: the app's redirect URI needs the port actually in use.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
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
    const app = createWebApp({
      portalUrl: portal ?? (demo as NonNullable<typeof demo>).emulator.url,
      clientId: clientId ?? (demo as NonNullable<typeof demo>).clientId,
      clientSecret: clientSecret ?? (demo as NonNullable<typeof demo>).clientSecret,
      publicUrl,
      store,
      clock: demo?.emulator.clock,
      log: options.log,
    });
    server.on('request', app.handler);
    let closing: Promise<void> | undefined;
    return {
      url: publicUrl,
      app,
      emulator: demo?.emulator,
      close: () => {
        closing ??= Promise.all([closeServer(), demo?.emulator.close()]).then(() => undefined);
        return closing;
      },
    };
  } catch (error) {
    await Promise.all([closeServer(), demo?.emulator.close()]);
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
