import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { AuthError } from '../errors.js';

/** Where the ownership and mode checks apply: not on Windows, whose modes say nothing about other users. */
const POSIX = process.platform !== 'win32';

/**
 * Creates `directory` (mode 0700) when it is missing, then refuses it, the way ssh refuses a key, unless
 * it is a directory owned by this user that nobody else can write: a directory others can write lets
 * them plant a token file or swap one. Rejects with `AuthError` `ERR_AUTH_STORE_INSECURE` naming the path.
 *
 * @example
 * ```ts
 * import { ensurePrivateDirectory } from '@ds/auth-core/node';
 * await ensurePrivateDirectory(`${os.homedir()}/.config/my-app`);
 * ```
 */
export async function ensurePrivateDirectory(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const info = await stat(directory);
  if (!info.isDirectory()) throw insecure('the directory', directory, 'is not a directory');
  checkOwnerAndMode(info, 'the directory', directory, 'chmod 700');
}

/**
 * Writes `text` to `path` atomically and privately: a temporary file with a random name is created
 * with `O_CREAT | O_EXCL` (a planted symlink is never followed), set to mode 0600 through its open
 * handle (`fchmod`, so no path can be swapped in between), synced, and renamed over `path`.
 *
 * @example
 * ```ts
 * import { writePrivateFile } from '@ds/auth-core/node';
 * await writePrivateFile(`${directory}/profile.json`, JSON.stringify(profile));
 * ```
 */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const temporary = `${path}.${randomBytes(12).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    try {
      await handle.chmod(0o600); // whatever the umask did
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/**
 * Reads `path` as UTF-8 without following a symlink, or resolves to `undefined` when it does not
 * exist. Rejects with `ERR_AUTH_STORE_INSECURE` when it is a symlink, not a regular file, owned by
 * another user, or writable by others (somebody else could have put its content there).
 *
 * @example
 * ```ts
 * import { readPrivateFile } from '@ds/auth-core/node';
 * const text = await readPrivateFile(`${directory}/profile.json`);
 * ```
 */
export async function readPrivateFile(path: string): Promise<string | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') throw insecure('the file', path, 'is a symbolic link');
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw insecure('the file', path, 'is not a regular file');
    checkOwnerAndMode(info, 'the file', path, 'chmod 600');
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

function checkOwnerAndMode(info: Stats, what: string, path: string, fix: string): void {
  if (!POSIX) return;
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    throw insecure(what, path, `is owned by another user (uid ${info.uid}, not ${uid})`);
  }
  if ((info.mode & 0o022) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(3, '0');
    throw insecure(what, path, `is writable by other users (mode ${mode}): run "${fix}" on it`);
  }
}

function insecure(what: string, path: string, why: string): AuthError {
  return new AuthError('ERR_AUTH_STORE_INSECURE', `${what} "${path}" ${why}`);
}
