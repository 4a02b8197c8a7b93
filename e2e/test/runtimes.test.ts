// The runtime matrix: the same scenario (every strategy's main entry against the emulator, OAuth
// and OIDC through the public PKCE flow) on Node, Bun, Deno and Cloudflare Workers (workerd), each
// loading the packages installed from the registry. The runtimes come from npm packages with their
// binaries inside (e2e/package.json). Workers get no Node APIs: a main entry that imports one fails
// to bundle for them, as it would in `wrangler deploy`.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../tools/free-port.js';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerEnv } from '../src/consumer.js';
import { e2eContext } from '../src/context.js';
import { run, runOk } from '../src/process.js';
import type { ScenarioConfig } from '../fixtures/runtime-scenario.ts';

const context = e2eContext();
const app = context.appDirectory;
const folder = join(app, 'runtime');
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const BIN = fileURLToPath(new URL('../node_modules/.bin/', import.meta.url));

let emulator: Emulator;
let browser: Server;
let config: ScenarioConfig;

beforeAll(async () => {
  await mkdir(folder, { recursive: true });
  for (const file of ['runtime-scenario.ts', 'runtime-main.ts', 'runtime-worker.ts'])
    await copyFile(join(FIXTURES, file), join(folder, file));
  emulator = await startEmulator();
  const admin = emulator.seed.users.find((user) => user.email === 'admin@docspace.test')!;
  // The browser of the PKCE flow: signs in and consents on the emulator's HTML pages, as a person would.
  browser = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const { url } = JSON.parse(body) as { url: string };
      emulator.authorize(url, { email: admin.email, password: admin.password }).then(
        (callbackUrl) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ callbackUrl }));
        },
        (error: Error) => {
          response.writeHead(500);
          response.end(error.message);
        },
      );
    });
  });
  await new Promise<void>((resolve) => browser.listen(0, '127.0.0.1', resolve));
  config = {
    portal: emulator.url,
    apiKey: emulator.seed.apiKeys.find((key) => key.name === 'full-access')!.key,
    email: admin.email,
    password: admin.password,
    publicClientId: emulator.seed.clients.find((client) => client.public)!.clientId,
    browser: `http://127.0.0.1:${(browser.address() as AddressInfo).port}/`,
  };
});

afterAll(async () => {
  await new Promise((resolve) => browser?.close(resolve));
  await emulator?.close();
});

const EVERY_METHOD_SIGNED_IN = {
  basic: { account: 'admin@docspace.test' },
  apikey: { account: 'admin@docspace.test' },
  pat: { account: 'admin@docspace.test' },
  oauth: { account: 'admin@docspace.test' },
  oidc: { account: 'admin@docspace.test' },
};

function lastJsonLine(output: string): unknown {
  const line = output.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line);
}

describe.each([
  { runtime: 'Node.js (tsx)', command: () => [join(app, 'node_modules', '.bin', 'tsx'), 'runtime-main.ts'] },
  { runtime: 'Bun', command: () => [join(BIN, 'bun'), 'run', 'runtime-main.ts'] },
  {
    runtime: 'Deno',
    command: () => [
      join(BIN, 'deno'),
      'run',
      '--allow-net=127.0.0.1',
      '--allow-env=SCENARIO_CONFIG',
      '--allow-read',
      'runtime-main.ts',
    ],
  },
])('$runtime', ({ runtime, command }) => {
  it('authenticates with every method from the installed packages', async () => {
    const [program, ...args] = command();
    const result = await run(program!, args, {
      cwd: folder,
      env: consumerEnv(context.npm, { SCENARIO_CONFIG: JSON.stringify(config), DENO_NO_UPDATE_CHECK: '1' }),
      timeoutMs: 120_000,
    });
    expect(result.code, `${runtime}\n${result.stdout}\n${result.stderr}`).toBe(0);
    expect(lastJsonLine(result.stdout)).toEqual(EVERY_METHOD_SIGNED_IN);
  });
});

describe('Cloudflare Workers (workerd)', () => {
  it('bundles the main entries without Node APIs and authenticates with every method', async () => {
    // As wrangler does: esbuild with the worker conditions and no Node built-ins to fall back on.
    await runOk(
      join(app, 'node_modules', '.bin', 'esbuild'),
      [
        'runtime-worker.ts',
        '--bundle',
        '--format=esm',
        '--platform=neutral',
        '--conditions=workerd,worker,browser',
        '--main-fields=module,main',
        '--outfile=worker.js',
      ],
      { cwd: folder, env: consumerEnv(context.npm) },
    );
    const port = await freePort();
    await writeFile(
      join(folder, 'workerd.capnp'),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "worker.js")],
  compatibilityDate = "2026-11-01",
  globalOutbound = "loopback",
);
`,
    );
    const server = await startWorkerd(folder, port);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        body: JSON.stringify(config),
      });
      expect(await response.json()).toEqual(EVERY_METHOD_SIGNED_IN);
    } finally {
      await server.stop();
    }
  });
});

async function startWorkerd(cwd: string, port: number): Promise<{ stop(): Promise<void> }> {
  const { spawn } = await import('node:child_process');
  const child = spawn(join(BIN, 'workerd'), ['serve', 'workerd.capnp', '--verbose'], {
    cwd,
    env: consumerEnv(context.npm),
    stdio: ['ignore', 'pipe', 'pipe'],
    // The bin is a launcher that starts the real workerd binary as its own child: a process group of
    // their own lets stop() end both, so no workerd outlives the test.
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // the group is already gone
    }
    await exited;
  };
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`workerd exited ${child.exitCode}\n${output}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`, { method: 'HEAD', signal: AbortSignal.timeout(500) });
      return { stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await stop();
  throw new Error(`workerd did not listen on ${port}\n${output}`);
}
