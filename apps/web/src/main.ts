import { startWebServer } from './start-web-server.js';

/** Where `ds-web` writes, the environment it reads, and the signal that stops it. */
export interface WebIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  /** Aborting stops the server (the bin aborts on SIGINT and SIGTERM). */
  signal?: AbortSignal | undefined;
}

const USAGE = `usage: ds-web

Serves "Sign in with DocSpace" (OpenID Connect) on http://127.0.0.1:3000.

environment:
  DOCSPACE_URL            the portal (https://...); unset: start the local emulator in-process
  DOCSPACE_CLIENT_ID      the OAuth app's client id (required with DOCSPACE_URL)
  DOCSPACE_CLIENT_SECRET  the OAuth app's client secret (required with DOCSPACE_URL)
  PUBLIC_URL              where browsers reach this app (default http://HOST:PORT); register
                          PUBLIC_URL/callback as the app's redirect URI on the portal
  PORT, HOST              where to listen (default 3000, 127.0.0.1)
  REDIS_URL               keep tokens and sessions in Redis (redis://...): restarts and other
                          instances on the same Redis keep users signed in (default: in memory)
  DS_WEB_REDIS_PREFIX     the prefix of every Redis key (default ds-web:)
  DS_WEB_TOKEN_DIR        keep tokens in files there instead (sessions stay in memory)
`;

/**
 * Runs `ds-web` until `io.signal` aborts and resolves to the exit code (0 stopped, 1 failed, 2 usage).
 *
 * @example
 * ```ts
 * process.exitCode = await main([], { stdout: process.stdout, stderr: process.stderr, env: process.env, signal });
 * ```
 */
export async function main(argv: string[], io: WebIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (argv.length > 0) {
    io.stderr.write(`error: unknown argument "${argv[0]}"\n\n${USAGE}`);
    return 2;
  }
  let server: Awaited<ReturnType<typeof startWebServer>>;
  try {
    server = await startWebServer({ env: io.env, log: (line) => io.stderr.write(`${line}\n`) });
  } catch (error) {
    io.stderr.write(`error: ${(error as Error).message}\n`);
    return error instanceof TypeError ? 2 : 1;
  }
  io.stdout.write(`Sign in with DocSpace: open ${server.url}\n`);
  if (server.emulator) {
    const admin = server.emulator.seed.users[0];
    io.stdout.write(`portal: local emulator at ${server.emulator.url}\n`);
    if (admin) io.stdout.write(`sign in as ${admin.email} / ${admin.password}\n`);
  } else {
    io.stdout.write(`portal: ${io.env.DOCSPACE_URL}\n`);
  }
  io.stdout.write('Ctrl+C stops the server.\n');
  await new Promise<void>((resolve) => {
    if (!io.signal || io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  return 0;
}
