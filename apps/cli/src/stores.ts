import { join } from 'node:path';
import { AuthError, type CompareAndSetResult, type StoredEntry, type TokenStore } from '@ds/auth-core';
import { acquireFileLock, createFileTokenStore, ensurePrivateDirectory } from '@ds/auth-core/node';
import { configDirectory, type Storage } from './config.js';
import type { Keychain, KeychainStatus } from './keychain.js';

/** The file token store in the config directory (mode 0600 files in a 0700 directory): the fallback. */
export function openFileStore<T>(env: Record<string, string | undefined>): TokenStore<T> {
  return createFileTokenStore<T>({ directory: join(configDirectory(env), 'tokens') });
}

/**
 * A {@link TokenStore} in the OS keychain: each entry is one keychain item (`{ version, value }` as
 * JSON) under the service `ds-auth`. Compare-and-set and the refresh lock are file locks in
 * `locks/` of the config directory (they hold a process id, never a secret), so several `ds-auth`
 * processes refresh a rotating token once, as with the file store.
 */
export function createKeychainTokenStore<T>(
  keychain: () => Promise<Keychain>,
  env: Record<string, string | undefined>,
): TokenStore<T> {
  const lockDirectory = join(configDirectory(env), 'locks');
  let ready: Promise<void> | undefined;
  const lockPath = async (key: string, suffix: string): Promise<string> => {
    ready ??= ensurePrivateDirectory(lockDirectory);
    await ready;
    return join(lockDirectory, `${encodeKey(key)}.${suffix}`);
  };
  const read = async (key: string): Promise<StoredEntry<T> | undefined> => {
    const text = await (await keychain()).get(key);
    if (text === undefined) return undefined;
    try {
      const parsed = JSON.parse(text) as { version?: unknown; value?: T };
      if (typeof parsed.version !== 'number' || !('value' in parsed)) throw new Error('shape');
      return { value: parsed.value as T, version: parsed.version };
    } catch {
      throw new AuthError('ERR_AUTH_STORE_CORRUPT', `the keychain item for key "${key}" is not valid`);
    }
  };
  return {
    get: read,
    async compareAndSet(key, expectedVersion, value): Promise<CompareAndSetResult<T>> {
      const release = await acquireFileLock(await lockPath(key, 'cas.lock'), { staleMs: 10_000, retryMs: 5 });
      try {
        const current = await read(key);
        if ((current?.version ?? 0) !== expectedVersion) return { ok: false, current };
        if (value === undefined) {
          await (await keychain()).delete(key);
          return { ok: true, version: 0 };
        }
        const version = Math.max((current?.version ?? 0) + 1, Date.now());
        await (await keychain()).set(key, JSON.stringify({ version, value }));
        return { ok: true, version };
      } finally {
        await release();
      }
    },
    async lock(key, options = {}) {
      return acquireFileLock(await lockPath(key, 'lock'), { staleMs: 30_000, signal: options.signal });
    },
  };
}

/** Letters, digits, `-` and `_` stay; everything else is `%XX` (as the file store names its files). */
function encodeKey(key: string): string {
  let encoded = '';
  for (const byte of new TextEncoder().encode(key)) {
    const char = String.fromCharCode(byte);
    encoded += /[A-Za-z0-9_-]/.test(char) ? char : `%${byte.toString(16).padStart(2, '0').toUpperCase()}`;
  }
  return encoded;
}

/** A store for `storage`: the keychain (opened when first used) or the file store. */
export function storeFor<T>(
  storage: Storage,
  env: Record<string, string | undefined>,
  keychain: () => Promise<KeychainStatus>,
): TokenStore<T> {
  if (storage !== 'keychain') return openFileStore<T>(env);
  return createKeychainTokenStore<T>(async () => {
    const status = await keychain();
    if (status.available) return status.keychain;
    throw new AuthError(
      'ERR_CLI_KEYCHAIN_UNAVAILABLE',
      `the secret of this sign-in is in the OS keychain, which is not available now (${status.reason})`,
    );
  }, env);
}

/** A file store that calls `onWrite` before it first writes a secret (to warn that it lands in a file). */
export function warnOnWrite<T>(store: TokenStore<T>, onWrite: () => void): TokenStore<T> {
  let warned = false;
  return {
    get: (key) => store.get(key),
    compareAndSet(key, expectedVersion, value) {
      if (value !== undefined && !warned) {
        warned = true;
        onWrite();
      }
      return store.compareAndSet(key, expectedVersion, value);
    },
    ...(store.lock ? { lock: store.lock.bind(store) } : {}),
  };
}
