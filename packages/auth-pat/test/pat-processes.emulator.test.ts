import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startEmulator } from '@ds/emulator';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const worker = fileURLToPath(new URL('./fixtures/whoami-worker.mjs', import.meta.url));

describe('personal access tokens across processes', () => {
  it('two processes sharing a file store log in once in total, and the password is not stored', async () => {
    expect(
      existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url))),
      'build @ds/auth-pat first',
    ).toBe(true);
    const portal = await startEmulator();
    const directory = await mkdtemp(join(tmpdir(), 'ds-pat-'));
    try {
      const { email, password } = portal.seed.users[0]!;
      const first = await run(process.execPath, [worker, portal.url, directory, email, password]);
      const second = await run(process.execPath, [worker, portal.url, directory, email, password]);
      expect([first.stdout.trim(), second.stdout.trim()]).toEqual([email, email]);
      expect(portal.stats.logins).toBe(1);
      const [file] = (await readdir(directory)).filter((name) => name.endsWith('.json'));
      expect(await readFile(join(directory, file!), 'utf8')).not.toContain(password);
    } finally {
      await portal.close();
      await rm(directory, { recursive: true, force: true });
    }
  }, 30_000);
});
