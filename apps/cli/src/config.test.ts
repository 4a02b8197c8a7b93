// A local attacker who can write DS_AUTH_HOME (issue 16, finding 3), written as the attack.
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Profile, readProfiles, updateProfiles, writeProfiles } from './config.js';

const posix = process.platform !== 'win32';
const profile: Profile = {
  name: 'portal.example.com',
  method: 'pat',
  portal: 'https://portal.example.com',
  account: { email: 'admin@docspace.test' },
  signedInAt: '2026-01-01T00:00:00.000Z',
  storage: 'keychain',
  secretKey: 'pat:https://portal.example.com:0123456789ab',
};
const profiles = { active: profile.name, profiles: [profile] };
const legacy = {
  version: 1,
  method: 'pat',
  portal: 'https://portal.example.com',
  account: { email: 'admin@docspace.test' },
  userName: 'admin@docspace.test',
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

describe.runIf(posix)('writeProfiles', () => {
  it('refuses a DS_AUTH_HOME others can write, so the symlink planted at the temporary name is never followed', async () => {
    const home = join(base, 'shared-home');
    await mkdir(home);
    await chmod(home, 0o777);
    // What another local user plants: the temporary name the CLI used to write (profile.json.<pid>.tmp).
    await symlink(victim, join(home, `profile.json.${process.pid}.tmp`));
    await symlink(victim, join(home, `profiles.json.${process.pid}.tmp`));
    const error = await writeProfiles({ DS_AUTH_HOME: home }, profiles).catch(
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
    await symlink(victim, join(home, `profiles.json.${process.pid}.tmp`));
    await writeProfiles({ DS_AUTH_HOME: home }, profiles);
    await victimUntouched();
    const written = join(home, 'profiles.json');
    expect((await lstat(written)).isFile()).toBe(true);
    expect((await stat(written)).mode & 0o777).toBe(0o600);
    expect(await readProfiles({ DS_AUTH_HOME: home })).toEqual(profiles);
  });

  it('refuses a DS_AUTH_HOME others can write before it takes the lock to change the profiles', async () => {
    const home = join(base, 'shared-home-2');
    await mkdir(home);
    await chmod(home, 0o757);
    await expect(updateProfiles({ DS_AUTH_HOME: home }, () => profiles)).rejects.toMatchObject({
      code: 'ERR_AUTH_STORE_INSECURE',
    });
    expect(await readdir(home)).toEqual([]);
  });
});

describe.runIf(posix)('readProfiles', () => {
  it('refuses a profiles.json that is a symlink (a planted profile could point the CLI at another portal)', async () => {
    const home = join(base, 'home');
    await mkdir(home, { mode: 0o700 });
    const bait = join(base, 'bait.json');
    await writeFile(
      bait,
      JSON.stringify({
        version: 2,
        active: profile.name,
        profiles: [{ ...profile, portal: 'https://evil.example.com' }],
      }),
    );
    await symlink(bait, join(home, 'profiles.json'));
    await expect(readProfiles({ DS_AUTH_HOME: home })).rejects.toMatchObject({
      code: 'ERR_AUTH_STORE_INSECURE',
      message: `the file "${join(home, 'profiles.json')}" is a symbolic link`,
    });
  });

  it('refuses an old profile.json that is a symlink, too', async () => {
    const home = join(base, 'home');
    await mkdir(home, { mode: 0o700 });
    const bait = join(base, 'bait.json');
    await writeFile(bait, JSON.stringify({ ...legacy, portal: 'https://evil.example.com' }));
    await symlink(bait, join(home, 'profile.json'));
    await expect(readProfiles({ DS_AUTH_HOME: home })).rejects.toMatchObject({
      code: 'ERR_AUTH_STORE_INSECURE',
      message: `the file "${join(home, 'profile.json')}" is a symbolic link`,
    });
  });

  it('refuses a profiles.json that others can write', async () => {
    const home = join(base, 'home');
    await mkdir(home, { mode: 0o700 });
    await writeProfiles({ DS_AUTH_HOME: home }, profiles);
    await chmod(join(home, 'profiles.json'), 0o666);
    await expect(readProfiles({ DS_AUTH_HOME: home })).rejects.toMatchObject({
      code: 'ERR_AUTH_STORE_INSECURE',
    });
  });

  it('reads the old single profile.json as the legacy profile, and updateProfiles removes it once migrated', async () => {
    const home = join(base, 'home');
    await mkdir(home, { mode: 0o700 });
    await writeFile(join(home, 'profile.json'), JSON.stringify(legacy), { mode: 0o600 });
    const read = await readProfiles({ DS_AUTH_HOME: home });
    expect(read).toEqual({ active: undefined, profiles: [], legacy });
    await updateProfiles({ DS_AUTH_HOME: home }, () => profiles);
    expect((await readdir(home)).sort()).toEqual(['profiles.json']);
    expect(await readProfiles({ DS_AUTH_HOME: home })).toEqual(profiles);
  });
});
