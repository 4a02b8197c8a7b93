import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRotatingTokenServer } from '../../auth-core/test/fixtures/rotating-token-server.js';
import { createRedisTokenStore, fromIoRedis } from '../src/index.js';
import { type RedisServer, redisSkipReason, startRedisServer } from './fixtures/redis-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const ownDist = join(here, '..', 'dist', 'index.js');
const coreDist = join(here, '..', '..', 'auth-core', 'dist', 'index.js');
let server: RedisServer;

function expectBuilt(): void {
  expect(
    existsSync(ownDist),
    'build @ds/auth-store-redis first (pnpm --filter @ds/auth-store-redis build)',
  ).toBe(true);
  expect(existsSync(coreDist), 'build @ds/auth-core first (pnpm --filter @ds/auth-core build)').toBe(true);
}

describe.skipIf(redisSkipReason !== undefined)('several processes sharing one Redis store', () => {
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refresh a rotating token once per expiry and never reuse a rotated refresh token (4 processes)', async () => {
    expectBuilt();
    const tokens = await startRotatingTokenServer({ lifetimeMs: 400 });
    try {
      const prefix = 'processes:';
      const seed = createRedisTokenStore<{
        accessToken: string;
        refreshToken: string;
        issuedAt: number;
        expiresAt: number;
      }>({
        client: fromIoRedis(server.connect()),
        prefix,
      });
      await seed.compareAndSet('shared-user', 0, {
        accessToken: 'initial',
        refreshToken: tokens.activeRefreshToken,
        issuedAt: Date.now() - 1_000,
        expiresAt: Date.now() - 1,
      });
      const runMs = 2_500;
      const worker = join(here, 'fixtures', 'redis-refresh-worker.mjs');
      const outputs = await Promise.all(
        Array.from({ length: 4 }, () =>
          runNode([worker, String(server.port), prefix, tokens.url, String(runMs)]),
        ),
      );
      const reports = outputs.map(
        (line) =>
          JSON.parse(line) as { errors: string[]; lastAccessToken: string; calls: number; obtained: number },
      );
      expect(reports.flatMap((report) => report.errors)).toEqual([]);
      expect(tokens.reuseDetected).toBe(0);
      // Every refresh that a worker started reached the server once and succeeded: none was wasted.
      expect(reports.reduce((sum, report) => sum + report.obtained, 0)).toBe(tokens.refreshes);
      // Once per expiry: no more refreshes than lifetimes that fit in the run (plus the first).
      expect(tokens.refreshes).toBeGreaterThanOrEqual(2);
      expect(tokens.refreshes).toBeLessThanOrEqual(Math.ceil(runMs / 200) + 2);
      // Every worker did work, and adopted tokens others obtained rather than refreshing itself.
      for (const report of reports) expect(report.calls).toBeGreaterThan(10);
      const stored = await seed.get('shared-user');
      expect(stored?.value.refreshToken).toBe(tokens.activeRefreshToken);
      for (const report of reports) expect(tokens.issued).toContain(report.lastAccessToken);
      console.info(
        `4 processes, ${runMs} ms, 400 ms tokens: ${tokens.refreshes} refreshes, ` +
          `per worker ${reports.map((report) => report.obtained).join('/')}, ` +
          `${reports.reduce((sum, report) => sum + report.calls, 0)} get() calls, reuse ${tokens.reuseDetected}`,
      );
    } finally {
      await tokens.close();
    }
  }, 30_000);

  it('take over the lock of a process that was killed while holding it', async () => {
    expectBuilt();
    const prefix = 'killed:';
    const holderScript = `
      import { Redis } from ${JSON.stringify(pathToFileURL(join(here, '..', 'node_modules', 'ioredis', 'built', 'index.js')).href)};
      import { createRedisTokenStore, fromIoRedis } from ${JSON.stringify(pathToFileURL(ownDist).href)};
      const redis = new Redis({ host: '127.0.0.1', port: ${server.port} });
      const store = createRedisTokenStore({ client: fromIoRedis(redis), prefix: ${JSON.stringify(prefix)}, lockTtlMs: 300 });
      await store.lock('user');
      process.stdout.write('locked\\n');
      setInterval(() => {}, 1000); // stay alive, heartbeat running, until killed
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', holderScript], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('locked')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`holder exited ${code} before locking`)));
      });
    } finally {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      await exited;
    }
    const redis = server.connect();
    expect(await redis.exists(`${prefix}lock:user`)).toBe(1);
    const store = createRedisTokenStore({ client: fromIoRedis(redis), prefix, lockRetryMs: 10 });
    const release = await store.lock!('user', { signal: AbortSignal.timeout(10_000) });
    await release();
    expect(await redis.exists(`${prefix}lock:user`)).toBe(0);
  }, 20_000);
});

function runNode(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) =>
      code === 0 ? resolve(stdout.trim()) : reject(new Error(`worker exited ${code}: ${stderr}`)),
    );
  });
}
