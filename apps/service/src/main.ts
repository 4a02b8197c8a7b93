import { parseArgs } from 'node:util';
import { AuthConfigError, AuthError, fingerprint } from '@ds/auth-core';
import { createRoomsWorker } from './create-rooms-worker.js';
import { startDemoPortal } from './demo-portal.js';
import { formatMs } from './format-run.js';
import type { WorkerResult } from './types.js';

/** Where `ds-service` writes, the environment it reads, and the signal that stops it. */
export interface ServiceIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  /** Aborting stops the service (the bin aborts it on SIGINT and SIGTERM). */
  signal?: AbortSignal | undefined;
}

/** Documented exit codes of `ds-service`. */
export const EXIT: {
  readonly ok: 0;
  readonly failed: 1;
  readonly usage: 2;
  readonly unauthorized: 3;
  readonly forbidden: 4;
} = { ok: 0, failed: 1, usage: 2, unauthorized: 3, forbidden: 4 } as const;

const USAGE = `usage: ds-service [--once] [--key full|narrow]

Lists the rooms of a DocSpace portal on a schedule with an API key.

environment:
  DOCSPACE_URL          the portal (https://...); unset: start the local emulator in-process
  DOCSPACE_API_KEY      the API key (sk-...); required with DOCSPACE_URL
  DOCSPACE_INTERVAL_MS  time between runs (default 60000)

options:
  --once                run one pass and exit
  --key full|narrow     emulator only: the full-access key (default) or a key without rooms:read (403)
  --help                show this help

exit codes: 0 ok or stopped by SIGINT/SIGTERM, 1 the run failed, 2 usage error,
            3 the key is invalid, expired or revoked (401), 4 the key lacks rooms:read (403)
`;

/**
 * Runs `ds-service` with `argv` (without node and script) and resolves to the exit code ({@link EXIT}).
 *
 * @example
 * ```ts
 * process.exitCode = await main(['--once'], { stdout: process.stdout, stderr: process.stderr, env: process.env });
 * ```
 */
export async function main(argv: string[], io: ServiceIo): Promise<number> {
  let config: Config;
  try {
    config = readConfig(argv, io.env);
  } catch (error) {
    io.stderr.write(`error: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (config.help) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const demo = config.url ? undefined : await startDemoPortal();
  const portal = demo
    ? {
        url: demo.url,
        apiKey: demo.keys[config.key],
        keyName: config.key === 'full' ? 'full-access' : 'files-read',
      }
    : { url: config.url!, apiKey: config.apiKey, keyName: 'DOCSPACE_API_KEY' };
  try {
    const where = config.url ? portal.url : `the local emulator at ${portal.url}`;
    const schedule = config.once ? 'once' : `every ${formatMs(config.intervalMs)}`;
    const key = `${portal.keyName} ${await fingerprint(portal.apiKey)}`;
    // Validates the options synchronously (a bad URL or key throws here) and starts the first run.
    const worker = createRoomsWorker({
      baseUrl: portal.url,
      apiKey: portal.apiKey,
      intervalMs: config.intervalMs,
      once: config.once,
      signal: io.signal,
      logger: {
        info: (line) => io.stdout.write(`${line}\n`),
        warn: (line) => io.stderr.write(`${line}\n`),
        error: (line) => io.stderr.write(`${line}\n`),
      },
    });
    io.stdout.write(`ds-service: listing rooms of ${where} ${schedule} (key ${key})\n`);
    const result = await worker.done;
    io.stdout.write(`ds-service: stopped (${result.reason}) after ${result.runs} run(s)\n`);
    return exitCode(result);
  } catch (error) {
    // createRoomsWorker validates synchronously; its messages never contain the key.
    const code = AuthError.isInstance(error) ? `${error.code}: ` : '';
    io.stderr.write(`error: ${code}${(error as Error).message}\n`);
    return AuthConfigError.isInstance(error) ? EXIT.usage : EXIT.failed;
  } finally {
    await demo?.close();
  }
}

interface Config {
  help: boolean;
  once: boolean;
  key: 'full' | 'narrow';
  url: string | undefined;
  apiKey: string;
  intervalMs: number;
}

function readConfig(argv: string[], env: Record<string, string | undefined>): Config {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { once: { type: 'boolean' }, key: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const key = values.key ?? 'full';
  if (key !== 'full' && key !== 'narrow') throw new Error(`"--key" must be "full" or "narrow", got "${key}"`);
  const url = env.DOCSPACE_URL || undefined;
  const apiKey = env.DOCSPACE_API_KEY ?? '';
  if (url && values.key !== undefined)
    throw new Error('"--key" works only with the emulator (no DOCSPACE_URL)');
  if (url && apiKey === '') throw new Error('DOCSPACE_API_KEY is required when DOCSPACE_URL is set');
  const rawInterval = env.DOCSPACE_INTERVAL_MS ?? '60000';
  const intervalMs = Number(rawInterval);
  if (!/^\d+$/.test(rawInterval) || intervalMs < 1 || intervalMs > 86_400_000)
    throw new Error(`DOCSPACE_INTERVAL_MS must be a whole number of milliseconds from 1 to 86400000`);
  return { help: values.help === true, once: values.once === true, key, url, apiKey, intervalMs };
}

function exitCode(result: WorkerResult): number {
  if (result.reason === 'unauthorized') return EXIT.unauthorized;
  if (result.reason === 'aborted' || result.last === undefined || result.last.ok) return EXIT.ok;
  return result.last.failure.code === 'ERR_AUTH_FORBIDDEN' ? EXIT.forbidden : EXIT.failed;
}
