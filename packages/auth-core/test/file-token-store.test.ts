import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileTokenStore } from '../src/node/file-token-store.js';
import { startRotatingTokenServer } from './fixtures/rotating-token-server.js';

const here = dirname(fileURLToPath(import.meta.url));
let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ds-auth-store-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('createFileTokenStore', () => {
  it('writes with compare-and-set and versions that only grow', async () => {
    const store = createFileTokenStore<{ accessToken: string }>({ directory });
    expect(await store.get('user')).toBeUndefined();
    const first = await store.compareAndSet('user', 0, { accessToken: 'a' });
    expect(first.ok).toBe(true);
    const version = first.ok ? first.version : 0;
    expect(await store.compareAndSet('user', 0, { accessToken: 'b' })).toEqual({
      ok: false,
      current: { value: { accessToken: 'a' }, version },
    });
    const second = await store.compareAndSet('user', version, { accessToken: 'c' });
    expect(second.ok && second.version > version).toBe(true);
    expect((await store.get('user'))?.value).toEqual({ accessToken: 'c' });
  });

  it('deletes with compare-and-set', async () => {
    const store = createFileTokenStore({ directory });
    const written = await store.compareAndSet('user', 0, { accessToken: 'a' });
    expect(written.ok).toBe(true);
    expect(await store.compareAndSet('user', written.ok ? written.version : -1, undefined)).toEqual({
      ok: true,
      version: 0,
    });
    expect(await store.get('user')).toBeUndefined();
  });

  it('keeps token files private (0600 in a 0700 directory) and leaves no temporary files', async () => {
    const nested = join(directory, 'nested', 'tokens');
    const store = createFileTokenStore({ directory: nested });
    await store.compareAndSet('user@example.com', 0, { accessToken: 'a' });
    expect((await stat(nested)).mode & 0o777).toBe(0o700);
    const files = await readdir(nested);
    expect(files).toEqual(['user%40example%2Ecom.json']);
    expect((await stat(join(nested, files[0]!))).mode & 0o777).toBe(0o600);
  });

  it('lets exactly one of many concurrent writers win the same version', async () => {
    const stores = Array.from({ length: 8 }, () => createFileTokenStore({ directory }));
    const results = await Promise.all(
      stores.map((store, index) => store.compareAndSet('user', 0, { writer: index })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it('reports a corrupt file as a typed error without showing its content', async () => {
    const store = createFileTokenStore({ directory });
    await writeFile(join(directory, 'user.json'), '{"version": 1, "value": {"accessToken": "secret-value"');
    await expect(store.get('user')).rejects.toMatchObject({
      code: 'ERR_AUTH_STORE_CORRUPT',
      message: 'the token file for key "user" is not valid',
    });
  });

  it('takes over a lock left behind by a crashed process', async () => {
    const store = createFileTokenStore({ directory });
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.on('exit', resolve));
    await writeFile(
      join(directory, 'user.json.lock'),
      JSON.stringify({ token: 'x', pid: dead.pid, host: (await import('node:os')).hostname() }),
    );
    const release = await store.lock!('user', { signal: AbortSignal.timeout(5_000) });
    await release();
    expect(existsSync(join(directory, 'user.json.lock'))).toBe(false);
  });

  it('makes a second locker wait until the first releases', async () => {
    const store = createFileTokenStore({ directory });
    const order: string[] = [];
    const releaseFirst = await store.lock!('user');
    const second = store.lock!('user').then(async (release) => {
      order.push('second acquired');
      await release();
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    order.push('first releasing');
    await releaseFirst();
    await second;
    expect(order).toEqual(['first releasing', 'second acquired']);
  });

  it('validates its options', () => {
    expect(() => createFileTokenStore({ directory: '' })).toThrow(
      expect.objectContaining({
        code: 'ERR_AUTH_INVALID_OPTION',
        option: 'directory',
        message: '"directory" must be a non-empty path',
      }),
    );
    expect(() => createFileTokenStore({ directory, lockStaleMs: 1 })).toThrow(
      '"lockStaleMs" must be a number of at least 100',
    );
  });
});

describe('four processes sharing one file store', () => {
  it('refresh a rotating token once per expiry and never reuse a rotated refresh token', async () => {
    const worker = join(here, 'fixtures', 'refresh-worker.mjs');
    expect(
      existsSync(join(here, '..', 'dist', 'node', 'index.js')),
      'build @ds/auth-core first (pnpm build)',
    ).toBe(true);
    const server = await startRotatingTokenServer({ lifetimeMs: 400 });
    try {
      const seed = createFileTokenStore({ directory });
      await seed.compareAndSet('shared-user', 0, {
        accessToken: 'initial',
        refreshToken: server.activeRefreshToken,
        issuedAt: Date.now() - 1_000,
        expiresAt: Date.now() - 1,
      });
      const runMs = 2_500;
      const outputs = await Promise.all(
        Array.from({ length: 4 }, () => runWorker(worker, [directory, server.url, String(runMs)])),
      );
      const reports = outputs.map(
        (line) => JSON.parse(line) as { errors: string[]; lastAccessToken: string; calls: number },
      );
      expect(reports.flatMap((report) => report.errors)).toEqual([]);
      expect(server.reuseDetected).toBe(0);
      // Once per expiry: no more refreshes than lifetimes that fit in the run (plus the first).
      expect(server.refreshes).toBeGreaterThanOrEqual(2);
      expect(server.refreshes).toBeLessThanOrEqual(Math.ceil(runMs / 200) + 2);
      const stored = JSON.parse(await readFile(join(directory, 'shared-user.json'), 'utf8'));
      expect(stored.value.refreshToken).toBe(server.activeRefreshToken);
      for (const report of reports) expect(server.issued).toContain(report.lastAccessToken);
    } finally {
      await server.close();
    }
  }, 30_000);
});

function runWorker(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
