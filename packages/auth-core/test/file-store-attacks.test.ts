// Attacks on the file token store by another local user (issue 16, finding 4), each written as the attack.
import { chmod, chown, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The rename seam: the test below swaps the target for a symlink right after the rename, the moment a
// racing attacker would, to show that nothing is done by path afterwards.
const fsHooks = vi.hoisted(() => ({
  afterRename: undefined as ((target: string) => Promise<void>) | undefined,
}));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    rename: async (from: string, to: string) => {
      await actual.rename(from, to);
      await fsHooks.afterRename?.(to);
    },
  };
});

const { createFileTokenStore } = await import('../src/node/file-token-store.js');

const isRoot = process.getuid?.() === 0;
const posix = process.platform !== 'win32';
let base: string;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'ds-auth-attack-'));
});
afterEach(async () => {
  fsHooks.afterRename = undefined;
  await rm(base, { recursive: true, force: true });
});

const planted = { version: 1, value: { accessToken: 'planted-by-mallory' } };

describe.runIf(posix)('createFileTokenStore', () => {
  it('refuses a world-writable token directory instead of trusting a token file planted there', async () => {
    const directory = join(base, 'tokens');
    await mkdir(directory, { mode: 0o700 });
    await chmod(directory, 0o777);
    await writeFile(join(directory, 'user.json'), JSON.stringify(planted), { mode: 0o600 });
    const store = createFileTokenStore({ directory });
    const error = (await store.get('user').catch((caught: unknown) => caught)) as {
      code?: string;
      message?: string;
    };
    expect({ code: error.code, message: error.message }).toEqual({
      code: 'ERR_AUTH_STORE_INSECURE',
      message: `the directory "${directory}" is writable by other users (mode 777): run "chmod 700" on it`,
    });
    await expect(store.compareAndSet('user', 1, { accessToken: 'mine' })).rejects.toMatchObject({
      code: 'ERR_AUTH_STORE_INSECURE',
    });
  });

  it('refuses a group-writable token directory too (mode 0770)', async () => {
    const directory = join(base, 'tokens');
    await mkdir(directory);
    await chmod(directory, 0o770);
    await expect(createFileTokenStore({ directory }).get('user')).rejects.toMatchObject({
      code: 'ERR_AUTH_STORE_INSECURE',
      message: expect.stringContaining('(mode 770)'),
    });
  });

  it.runIf(isRoot)('refuses a token directory owned by another user', async () => {
    const directory = join(base, 'tokens');
    await mkdir(directory, { mode: 0o700 });
    await writeFile(join(directory, 'user.json'), JSON.stringify(planted), { mode: 0o600 });
    await chown(directory, 65_534, 65_534);
    await expect(createFileTokenStore({ directory }).get('user')).rejects.toMatchObject({
      code: 'ERR_AUTH_STORE_INSECURE',
      message: `the directory "${directory}" is owned by another user (uid 65534, not 0)`,
    });
  });

  it.runIf(isRoot)('refuses a token file owned by another user in a private directory', async () => {
    const directory = join(base, 'tokens');
    await mkdir(directory, { mode: 0o700 });
    const file = join(directory, 'user.json');
    await writeFile(file, JSON.stringify(planted), { mode: 0o600 });
    await chown(file, 65_534, 65_534);
    await expect(createFileTokenStore({ directory }).get('user')).rejects.toMatchObject({
      code: 'ERR_AUTH_STORE_INSECURE',
      message: expect.stringContaining('is owned by another user'),
    });
  });

  it('does not follow a token file that is a symlink to a file of the attacker', async () => {
    const directory = join(base, 'tokens');
    await mkdir(directory, { mode: 0o700 });
    const bait = join(base, 'bait.json');
    await writeFile(bait, JSON.stringify(planted), { mode: 0o600 });
    await symlink(bait, join(directory, 'user.json'));
    await expect(createFileTokenStore({ directory }).get('user')).rejects.toMatchObject({
      code: 'ERR_AUTH_STORE_INSECURE',
      message: `the file "${join(directory, 'user.json')}" is a symbolic link`,
    });
  });

  it('never chmods by path after the rename: a symlink swapped in there does not make it chmod the target', async () => {
    const directory = join(base, 'tokens');
    const victim = join(base, 'victim.conf');
    await writeFile(victim, 'shared setting\n');
    await chmod(victim, 0o644);
    const store = createFileTokenStore({ directory });
    fsHooks.afterRename = async (target) => {
      // The attacker wins the race: the token file is replaced by a symlink to the victim.
      await rm(target);
      await symlink(victim, target);
    };
    await store.compareAndSet('user', 0, { accessToken: 'a' });
    fsHooks.afterRename = undefined;
    expect((await stat(victim)).mode & 0o777).toBe(0o644);
    expect(await readFile(victim, 'utf8')).toBe('shared setting\n');
  });

  it('creates the token file with mode 0600 through its handle, whatever the umask', async () => {
    const directory = join(base, 'tokens');
    const previous = process.umask(0o000);
    try {
      await createFileTokenStore({ directory }).compareAndSet('user', 0, { accessToken: 'a' });
    } finally {
      process.umask(previous);
    }
    expect((await stat(join(directory, 'user.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(directory)).mode & 0o777).toBe(0o700);
  });
});
