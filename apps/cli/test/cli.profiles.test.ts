// Several portals and accounts: profiles, `switch`, `status` listing them all, `--portal` and
// `--profile` on every command, and a 0.1 session directory still readable.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileTokenStore } from '@ds/auth-core/node';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let one: Emulator;
let two: Emulator;
let home: string;
beforeEach(async () => {
  one = await startEmulator();
  two = await startEmulator();
  home = await mkdtemp(join(tmpdir(), 'ds-auth-profiles-'));
});
afterEach(async () => {
  await one.close();
  await two.close();
  await rm(home, { recursive: true, force: true });
});

const host = (portal: Emulator) => new URL(portal.url).host;
const keyOf = (portal: Emulator, name = 'full-access') =>
  portal.seed.apiKeys.find((candidate) => candidate.name === name)!.key;

interface StatusJson {
  profile: string;
  method: string;
  profiles: Array<{
    name: string;
    active: boolean;
    portal: string;
    method: string;
    account: { email?: string };
  }>;
}

describe('profiles', () => {
  it('keeps one profile per portal and account; status lists them all, the active one marked; switch, --portal and --profile pick', async () => {
    const env = { DS_AUTH_HOME: home };
    expect(
      (
        await runCli(['login', '--method', 'apikey', '--portal', one.url], {
          ...env,
          DOCSPACE_API_KEY: keyOf(one),
        })
      ).code,
    ).toBe(0);
    const second = await runCli(
      ['login', '--method', 'pat', '--portal', two.url, '--user', 'admin@docspace.test'],
      {
        ...env,
        DOCSPACE_PASSWORD: 'Admin-pass-1',
      },
    );
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`profile "${host(two)}" (active)`);

    const status = JSON.parse((await runCli(['status', '--json'], env)).stdout) as StatusJson;
    expect(status.profile).toBe(host(two));
    expect(status.profiles.map((profile) => [profile.name, profile.active, profile.method])).toEqual([
      [host(one), false, 'apikey'],
      [host(two), true, 'pat'],
    ]);
    const text = (await runCli(['status'], env)).stdout;
    expect(text).toContain(`* ${host(two)} (active)\n`);
    expect(text).toContain(`  ${host(one)}\n    portal:   ${one.url}\n    method:   apikey\n`);

    // token --portal and --profile: that portal's credentials, whatever is active.
    expect((await runCli(['token', '--portal', one.url], env)).stdout.trim()).toBe(keyOf(one));
    expect((await runCli(['token', '--profile', host(one)], env)).stdout.trim()).toBe(keyOf(one));
    expect((await runCli(['token'], env)).stdout.trim()).not.toBe(keyOf(one));
    // DOCSPACE_URL picks its portal's profile too.
    expect((await runCli(['token'], { ...env, DOCSPACE_URL: one.url })).stdout.trim()).toBe(keyOf(one));

    // With two profiles, switch goes to the other one.
    const switched = await runCli(['switch'], env);
    expect(switched.stdout).toBe(
      `switched to "${host(one)}": Ada Admin <admin@docspace.test> on ${one.url} (apikey)\n`,
    );
    expect(JSON.parse((await runCli(['whoami', '--json'], env)).stdout)).toMatchObject({
      portal: one.url,
      method: 'apikey',
    });
    expect(JSON.parse((await runCli(['switch', host(two), '--json'], env)).stdout)).toMatchObject({
      active: host(two),
    });
    const unknown = await runCli(['switch', 'nope', '--json'], env);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout).error).toEqual({
      code: 'ERR_CLI_UNKNOWN_PROFILE',
      message: `there is no profile "nope" (there are: ${host(one)}, ${host(two)})`,
      hint: '`ds-auth status` lists the profiles',
    });

    // A second account on the same portal gets its own profile; logging out the active one activates the newest other.
    const user = two.seed.users.find((candidate) => candidate.tfa === 'app')!;
    const third = await runCli(['login', '--method', 'pat', '--portal', two.url, '--user', user.email], env, [
      { when: /Password: $/, answer: () => user.password },
      { when: /Two-factor code/, answer: () => two.totp(user.email) },
    ]);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toContain(`profile "${host(two)}/user" (active)`);
    const all = JSON.parse((await runCli(['status', '--json'], env)).stdout) as StatusJson;
    expect(all.profiles.map((profile) => profile.name)).toEqual([host(one), host(two), `${host(two)}/user`]);
    // --portal with two profiles there: the active one.
    expect(JSON.parse((await runCli(['whoami', '--portal', two.url, '--json'], env)).stdout).email).toBe(
      user.email,
    );

    const logout = await runCli(['logout', '--json'], env);
    expect(JSON.parse(logout.stdout)).toMatchObject({
      loggedOut: true,
      profile: `${host(two)}/user`,
      active: host(two),
    });
    expect(JSON.parse((await runCli(['whoami', '--json'], env)).stdout).email).toBe('admin@docspace.test');
    expect(
      JSON.parse((await runCli(['logout', '--profile', host(one), '--json'], env)).stdout),
    ).toMatchObject({
      profile: host(one),
      active: host(two),
    });
    expect((await runCli(['logout'], env)).code).toBe(0);
    const none = await runCli(['status', '--json'], env);
    expect(none.code).toBe(3);
    expect(JSON.parse(none.stdout).error.code).toBe('ERR_CLI_NOT_SIGNED_IN');
  }, 60_000);

  it('signing in again to the same account replaces its profile and revokes the old session', async () => {
    const env = { DS_AUTH_HOME: home, DOCSPACE_URL: one.url, DOCSPACE_PASSWORD: 'Admin-pass-1' };
    const login = ['login', '--method', 'pat', '--user', 'admin@docspace.test'];
    expect((await runCli(login, env)).code).toBe(0);
    const first = (await runCli(['token'], env)).stdout.trim();
    expect((await runCli(login, env)).code).toBe(0);
    const second = (await runCli(['token'], env)).stdout.trim();
    expect(second).not.toBe(first);
    const status = JSON.parse((await runCli(['status', '--json'], env)).stdout) as StatusJson;
    expect(status.profiles).toHaveLength(1);
    const old = await fetch(`${one.url}/api/2.0/people/@self`, {
      headers: { cookie: `asc_auth_key=${first}` },
    });
    expect(old.status).toBe(401);
    // Only one token file: the old one was deleted.
    expect(await readdir(join(home, 'tokens'))).toHaveLength(1);
  });

  it('reads a ds-auth 0.1 session directory: profile.json becomes the active profile, its token file stays where it is without a keychain', async () => {
    await mkdir(home, { recursive: true, mode: 0o700 });
    await writeFile(
      join(home, 'profile.json'),
      JSON.stringify({
        version: 1,
        method: 'apikey',
        portal: one.url,
        account: { email: 'admin@docspace.test', displayName: 'Ada Admin' },
        signedInAt: '2026-01-01T00:00:00.000Z',
      }),
      { mode: 0o600 },
    );
    const files = createFileTokenStore<{ apiKey: string; issuedAt: number }>({
      directory: join(home, 'tokens'),
    });
    await files.compareAndSet(`apikey:${one.url}`, 0, { apiKey: keyOf(one), issuedAt: 1 });

    const env = { DS_AUTH_HOME: home };
    expect((await runCli(['token'], env)).stdout.trim()).toBe(keyOf(one));
    expect((await readdir(home)).sort()).toEqual(['profiles.json', 'tokens']);
    const status = JSON.parse((await runCli(['status', '--json'], env)).stdout);
    expect(status).toMatchObject({ profile: host(one), method: 'apikey', storage: 'file', problem: null });
    expect((await runCli(['whoami'], env)).stdout).toBe('Ada Admin <admin@docspace.test>\n');
  });
});
