// A local attacker who can write DS_AUTH_HOME (issue 16, finding 3), written as the attack.
import { chmod, lstat, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Profile, readProfile, writeProfile } from './config.js';

const posix = process.platform !== 'win32';
const profile: Profile = {
  version: 1,
  method: 'pat',
  portal: 'https://portal.example.com',
  account: { email: 'admin@docspace.test' },
  signedInAt: '2026-01-01T00:00:00.000Z',
};
let base: string;
let victim: string;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'ds-auth-cli-'));
  victim = join(base, 'victim.conf');
  await writeFile(victim, 'the victim file\n');
  await chmod(victim, 0o644);
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

async function victimUntouched(): Promise<void> {
  expect(await readFile(victim, 'utf8')).toBe('the victim file\n');
  expect((await stat(victim)).mode & 0o777).toBe(0o644);
}

describe.runIf(posix)('writeProfile', () => {
  it('refuses a DS_AUTH_HOME others can write, so the symlink planted at the temporary name is never followed', async () => {
    const home = join(base, 'shared-home');
    await mkdir(home);
    await chmod(home, 0o777);
    // What another local user plants: the temporary name the CLI used to write (profile.json.<pid>.tmp).
    await symlink(victim, join(home, `profile.json.${process.pid}.tmp`));
    const error = await writeProfile({ DS_AUTH_HOME: home }, profile).catch(
      (caught: unknown) => caught as Error,
    );
    await victimUntouched();
    expect({ code: (error as { code?: string }).code, message: (error as Error).message }).toEqual({
      code: 'ERR_AUTH_STORE_INSECURE',
      message: `the directory "${home}" is writable by other users (mode 777): run "chmod 700" on it`,
    });
  });

  it('never follows a symlink at the old predictable temporary name, even in a private directory', async () => {
    const home = join(base, 'home');
    await mkdir(home, { mode: 0o700 });
    await symlink(victim, join(home, `profile.json.${process.pid}.tmp`));
    await writeProfile({ DS_AUTH_HOME: home }, profile);
    await victimUntouched();
    const written = join(home, 'profile.json');
    expect((await lstat(written)).isFile()).toBe(true);
    expect((await stat(written)).mode & 0o777).toBe(0o600);
    expect(await readProfile({ DS_AUTH_HOME: home })).toEqual(profile);
  });
});

describe.runIf(posix)('readProfile', () => {
  it('refuses a profile.json that is a symlink (a planted profile could point the CLI at another portal)', async () => {
    const home = join(base, 'home');
    await mkdir(home, { mode: 0o700 });
    const bait = join(base, 'bait.json');
    await writeFile(bait, JSON.stringify({ ...profile, portal: 'https://evil.example.com' }));
    await symlink(bait, join(home, 'profile.json'));
    await expect(readProfile({ DS_AUTH_HOME: home })).rejects.toMatchObject({
      code: 'ERR_AUTH_STORE_INSECURE',
      message: `the file "${join(home, 'profile.json')}" is a symbolic link`,
    });
  });
});
