// The bins as users run them: `npx ds-emulator --json` and `npx ds-auth` in a project that installed
// the packages, and `npx @ds/auth-cli` in an empty folder (npx fetches it from the registry).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerEnv } from '../src/consumer.js';
import { e2eContext } from '../src/context.js';
import { type InstalledEmulator, startInstalledEmulator } from '../src/installed-emulator.js';
import { run, runOk } from '../src/process.js';

const context = e2eContext();
let emulator: InstalledEmulator;

beforeAll(async () => {
  emulator = await startInstalledEmulator(context.appDirectory, consumerEnv(context.npm));
});

afterAll(async () => {
  await emulator?.stop();
});

describe('npx ds-emulator --json', () => {
  it('prints one JSON line with a loopback URL and the seeded accounts, and serves the API there', async () => {
    expect(emulator.line.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.line.users.map((user) => user.email)).toContain('admin@docspace.test');
    const key = emulator.line.apiKeys.find((candidate) => candidate.name === 'full-access')!;
    const response = await fetch(`${emulator.line.url}/api/2.0/people/@self`, {
      headers: { authorization: `Bearer ${key.key}` },
    });
    expect(response.status).toBe(200);
  });
});

describe('npx ds-auth', () => {
  it('logs in with an API key, then whoami and status answer from the stored session', async () => {
    const home = join(context.base, 'ds-auth-home');
    await mkdir(home, { recursive: true });
    const key = emulator.line.apiKeys.find((candidate) => candidate.name === 'full-access')!;
    const env = consumerEnv(context.npm, { DOCSPACE_URL: emulator.line.url, DS_AUTH_HOME: home });
    const ds = (args: string[], extra: Record<string, string> = {}) =>
      runOk('npx', ['--no-install', 'ds-auth', ...args], {
        cwd: context.appDirectory,
        env: { ...env, ...extra },
      });

    const login = await ds(['login', '--method', 'apikey'], { DOCSPACE_API_KEY: key.key });
    expect(login.stdout + login.stderr).toContain('admin@docspace.test');
    // The keychain binding came from the registry with the CLI and loads; with no Secret Service on this
    // machine the key goes to the file store, with a warning that says so.
    expect(login.stderr).not.toContain('binding does not load');
    expect(login.stderr).toMatch(/no OS keychain is available \(no Secret Service/);
    const whoami = await ds(['whoami']);
    expect(whoami.stdout).toContain('Ada Admin <admin@docspace.test>');
    const status = await ds(['status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ method: 'apikey' });
    for (const output of [login, whoami, status])
      expect(output.stdout + output.stderr).not.toContain(key.key);

    const logout = await ds(['logout']);
    expect(logout.code).toBe(0);
    const after = await run('npx', ['--no-install', 'ds-auth', 'whoami'], { cwd: context.appDirectory, env });
    expect(after.code).toBe(3);
  });

  it('runs with npx from an empty folder, fetched from the registry', async () => {
    const empty = join(context.base, 'npx-empty');
    await mkdir(empty, { recursive: true });
    const help = await runOk('npx', ['--yes', '@ds/auth-cli', '--help'], {
      cwd: empty,
      env: consumerEnv(context.npm),
    });
    expect(help.stdout + help.stderr).toMatch(/usage: ds-auth/i);
  });
});
