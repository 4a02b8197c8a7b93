// The keychain token store over an in-memory keychain: compare-and-set keeps a rotating refresh
// token from being lost between processes, as the file store does, and its locks hold no secret.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Keychain } from './keychain.js';
import { createKeychainTokenStore, warnOnWrite } from './stores.js';

function memoryKeychain(): Keychain & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    name: 'memory',
    items,
    get: async (account) => items.get(account),
    set: async (account, secret) => {
      items.set(account, secret);
    },
    delete: async (account) => {
      items.delete(account);
    },
  };
}

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'ds-auth-stores-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('createKeychainTokenStore', () => {
  it('writes one item per key and refuses a write from a stale version', async () => {
    const keychain = memoryKeychain();
    const store = createKeychainTokenStore<{ refreshToken: string }>(async () => keychain, {
      DS_AUTH_HOME: home,
    });
    const first = await store.compareAndSet('oauth:https://portal.example.com:1', 0, {
      refreshToken: 'r1-secret-value',
    });
    expect(first.ok).toBe(true);
    const version = first.ok ? first.version : 0;
    // Two processes read version 1; the first rotates the token, the second's write is refused.
    expect(
      (
        await store.compareAndSet('oauth:https://portal.example.com:1', version, {
          refreshToken: 'r2-secret-value',
        })
      ).ok,
    ).toBe(true);
    const stale = await store.compareAndSet('oauth:https://portal.example.com:1', version, {
      refreshToken: 'r3-secret-value',
    });
    expect(stale).toMatchObject({ ok: false, current: { value: { refreshToken: 'r2-secret-value' } } });
    expect((await store.get('oauth:https://portal.example.com:1'))?.value).toEqual({
      refreshToken: 'r2-secret-value',
    });
    expect([...keychain.items.keys()]).toEqual(['oauth:https://portal.example.com:1']);
  });

  it('deletes the item, and a deleted entry is gone', async () => {
    const keychain = memoryKeychain();
    const store = createKeychainTokenStore<string>(async () => keychain, { DS_AUTH_HOME: home });
    const written = await store.compareAndSet('k', 0, 'secret-value-1');
    expect((await store.compareAndSet('k', written.ok ? written.version : -1, undefined)).ok).toBe(true);
    expect(await store.get('k')).toBeUndefined();
    expect(keychain.items.size).toBe(0);
  });

  it('takes its refresh lock in files that hold no secret, one holder at a time', async () => {
    const keychain = memoryKeychain();
    const store = createKeychainTokenStore<string>(async () => keychain, { DS_AUTH_HOME: home });
    await store.compareAndSet('k', 0, 'secret-value-1');
    const release = await store.lock!('k');
    let second = false;
    const waiting = store.lock!('k').then((next) => {
      second = true;
      return next();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(second).toBe(false);
    for (const file of await readdir(join(home, 'locks')))
      expect(await readFile(join(home, 'locks', file), 'utf8')).not.toContain('secret-value');
    await release();
    await waiting;
    expect(second).toBe(true);
  });

  it('reports an item that is not its JSON as a corrupt store', async () => {
    const keychain = memoryKeychain();
    keychain.items.set('k', 'not json');
    const store = createKeychainTokenStore<string>(async () => keychain, { DS_AUTH_HOME: home });
    await expect(store.get('k')).rejects.toMatchObject({ code: 'ERR_AUTH_STORE_CORRUPT' });
  });
});

describe('warnOnWrite', () => {
  it('warns once, before the first secret is written, and not for reads or deletes', async () => {
    const keychain = memoryKeychain();
    const warnings: string[] = [];
    const store = warnOnWrite(
      createKeychainTokenStore<string>(async () => keychain, { DS_AUTH_HOME: home }),
      () => warnings.push('file'),
    );
    await store.get('k');
    await store.compareAndSet('k', 0, undefined);
    expect(warnings).toEqual([]);
    const one = await store.compareAndSet('k', 0, 'a-secret');
    await store.compareAndSet('k', one.ok ? one.version : 0, 'b-secret');
    expect(warnings).toEqual(['file']);
  });
});
