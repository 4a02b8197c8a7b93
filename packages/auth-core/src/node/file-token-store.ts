import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AuthConfigError, AuthError } from '../errors.js';
import { redactable } from '../secret.js';
import {
  assertStoreKey,
  type CompareAndSetResult,
  type StoredEntry,
  type TokenStore,
} from '../token-store.js';
import { acquireFileLock } from './file-lock.js';
import { ensurePrivateDirectory, readPrivateFile, writePrivateFile } from './private-files.js';

/** Options for {@link createFileTokenStore}. */
export interface FileTokenStoreOptions {
  /** The directory that holds one file per key. Created with mode 0700 if missing; must be yours and writable by you only. */
  directory: string;
  /** A refresh lock whose holder stopped sending heartbeats this long ago is taken over. Default 30 000 ms. */
  lockStaleMs?: number | undefined;
}

interface FileContent<T> {
  version: number;
  value: T;
}

/**
 * A {@link TokenStore} on disk for several processes: one JSON file per key, written to a temporary
 * file with a random name (opened `O_EXCL`, mode 0600 set on the handle) and renamed into place
 * (readers never see half a file), in a 0700 directory. Like ssh with its keys, it refuses a
 * directory or token file that another user owns or can write, and a token file that is a symlink
 * (`ERR_AUTH_STORE_INSECURE`): somebody else could have planted what it would read.
 * `compareAndSet` runs under a short per-key lock, and `lock()` gives the token manager a per-key
 * refresh lock, so processes sharing the directory refresh a rotating token once. Locks of crashed
 * processes are recovered.
 *
 * Throws `AuthConfigError` for invalid options; reading a corrupt file fails with `ERR_AUTH_STORE_CORRUPT`,
 * an unsafe directory or file with `ERR_AUTH_STORE_INSECURE`.
 *
 * @example
 * ```ts
 * import { createFileTokenStore } from '@ds/auth-core/node';
 * const store = createFileTokenStore({ directory: `${os.homedir()}/.config/my-app/tokens` });
 * ```
 */
export function createFileTokenStore<T = unknown>(options: FileTokenStoreOptions): TokenStore<T> {
  if (typeof options !== 'object' || options === null)
    throw new AuthConfigError('options', '"options" must be an object');
  const { directory } = options;
  if (typeof directory !== 'string' || directory === '') {
    throw new AuthConfigError('directory', '"directory" must be a non-empty path');
  }
  const lockStaleMs = options.lockStaleMs ?? 30_000;
  if (typeof lockStaleMs !== 'number' || !(lockStaleMs >= 100)) {
    throw new AuthConfigError('lockStaleMs', '"lockStaleMs" must be a number of at least 100');
  }
  let ready: Promise<void> | undefined;
  const ensureDirectory = (): Promise<void> => {
    // Checked once: a directory others can write lets them plant or swap token files (refused, as ssh does).
    ready ??= ensurePrivateDirectory(directory);
    return ready;
  };
  const fileOf = (key: string): string => join(directory, `${encodeKey(key)}.json`);

  const read = async (key: string): Promise<StoredEntry<T> | undefined> => {
    const text = await readPrivateFile(fileOf(key));
    if (text === undefined) return undefined;
    try {
      const parsed = JSON.parse(text) as FileContent<T>;
      if (typeof parsed.version !== 'number' || !('value' in parsed)) throw new Error('shape');
      return { value: parsed.value, version: parsed.version };
    } catch {
      throw new AuthError('ERR_AUTH_STORE_CORRUPT', `the token file for key "${key}" is not valid`);
    }
  };

  const write = (key: string, content: FileContent<T>): Promise<void> =>
    writePrivateFile(fileOf(key), JSON.stringify(content));

  const store: TokenStore<T> = {
    async get(key) {
      assertStoreKey(key);
      await ensureDirectory();
      return read(key);
    },
    async compareAndSet(key, expectedVersion, value): Promise<CompareAndSetResult<T>> {
      assertStoreKey(key);
      await ensureDirectory();
      const release = await acquireFileLock(`${fileOf(key)}.cas.lock`, { staleMs: 10_000, retryMs: 5 });
      try {
        const current = await read(key);
        if ((current?.version ?? 0) !== expectedVersion) return { ok: false, current };
        if (value === undefined) {
          await unlink(fileOf(key)).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== 'ENOENT') throw error;
          });
          return { ok: true, version: 0 };
        }
        // Versions mix in the time so a recreated entry never repeats a version a stale writer saw.
        const version = Math.max((current?.version ?? 0) + 1, Date.now());
        await write(key, { version, value });
        return { ok: true, version };
      } finally {
        await release();
      }
    },
    async lock(key, lockOptions = {}) {
      assertStoreKey(key);
      await ensureDirectory();
      return acquireFileLock(`${fileOf(key)}.lock`, { staleMs: lockStaleMs, signal: lockOptions.signal });
    },
  };
  return redactable(store, 'FileTokenStore');
}

/** Maps a key to a file name: letters, digits, `-` and `_` stay; everything else is `%XX`-encoded. */
function encodeKey(key: string): string {
  let encoded = '';
  for (const byte of new TextEncoder().encode(key)) {
    const char = String.fromCharCode(byte);
    encoded += /[A-Za-z0-9_-]/.test(char) ? char : `%${byte.toString(16).padStart(2, '0').toUpperCase()}`;
  }
  return encoded;
}
