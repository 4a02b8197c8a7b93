// A real npm registry (verdaccio) on 127.0.0.1 with throwaway storage and no uplink: it serves only
// what this test publishes to it, so nothing is ever fetched from beyond loopback.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort } from '../../tools/free-port.js';

/** A running registry. */
export interface Registry {
  /** `http://127.0.0.1:<port>/` (with the trailing slash npm writes in its config). */
  readonly url: string;
  /** A token of the user this test created, for publishing. */
  readonly token: string;
  /** What verdaccio printed, for failure messages. */
  log(): string;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

function config(directory: string): string {
  // JSON is YAML: no YAML writer needed.
  return JSON.stringify({
    storage: join(directory, 'storage'),
    auth: { htpasswd: { file: join(directory, 'htpasswd'), max_users: 10 } },
    uplinks: {},
    packages: {
      '@*/*': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
      '**': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
    },
    server: { keepAliveTimeout: 60 },
    max_body_size: '500mb',
    web: { enable: false },
    middlewares: { audit: { enabled: false } },
    log: { type: 'stdout', format: 'pretty', level: 'warn' },
  });
}

async function waitUntilUp(url: string, child: ChildProcess, deadline: number): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}`);
    try {
      const response = await fetch(new URL('-/ping', url), { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('verdaccio did not answer /-/ping within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts verdaccio in its own process with storage under `directory`, and creates a publishing user. */
export async function startRegistry(directory: string): Promise<Registry> {
  await mkdir(directory, { recursive: true });
  const configFile = join(directory, 'config.yaml');
  await writeFile(configFile, config(directory));
  const bin = join(dirname(require.resolve('verdaccio/package.json')), 'bin', 'verdaccio');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(process.execPath, [bin, '--config', configFile, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: directory, NODE_ENV: 'production' },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const close = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitUntilUp(url, child, Date.now() + 30_000);
    const response = await fetch(new URL('-/user/org.couchdb.user:e2e', url), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'e2e', password: 'e2e-registry-password', type: 'user', roles: [] }),
    });
    const body = (await response.json()) as { token?: string };
    if (!response.ok || !body.token) throw new Error(`creating the registry user: ${response.status}`);
    return { url, token: body.token, log: () => output, close };
  } catch (error) {
    await close();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
}
