// The token manager when the store fails, stops answering, or its lock is taken over (issue 16: no
// refresh token lost, none spent twice; nothing hangs).
import { describe, expect, it, vi } from 'vitest';
import { AuthError, AuthTimeoutError } from '../src/errors.js';
import { createTokenManager } from '../src/token-manager.js';
import { createMemoryTokenStore, type ReleaseLock, type TokenStore } from '../src/token-store.js';

interface Token {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}
const HOUR = 3_600_000;
/** A clock whose sleeps resolve at once (and move time on), so retries and waits are deterministic. */
function steppingClock() {
  let now = 1_000_000;
  return {
    now: () => now,
    sleeps: [] as number[],
    async sleep(ms: number) {
      this.sleeps.push(ms);
      now += ms;
    },
  };
}
const expired = (clock: { now(): number }): Token => ({
  accessToken: 'at-0',
  refreshToken: 'rt-0',
  expiresAt: clock.now() - 1,
});

/** A manager for `user` on `store` that spends the held refresh token (recorded in `spent`) for rt-1. */
function rotatingManager(
  store: TokenStore<Token>,
  clock: ReturnType<typeof steppingClock>,
  options: { storeTimeoutMs?: number } = {},
) {
  const spent: string[] = [];
  const manager = createTokenManager<Token>({
    store,
    key: 'user',
    clock,
    ...options,
    obtain: async ({ current }) => {
      spent.push(current!.refreshToken);
      return { accessToken: 'at-1', refreshToken: 'rt-1', expiresAt: clock.now() + HOUR };
    },
  });
  return { manager, spent };
}

describe('createTokenManager', () => {
  it('writes a freshly obtained set again when the store fails retryably, instead of losing it', async () => {
    const clock = steppingClock();
    const memory = createMemoryTokenStore<Token>();
    await memory.compareAndSet('user', 0, expired(clock));
    let failing = 2;
    const store: TokenStore<Token> = {
      get: (key) => memory.get(key),
      async compareAndSet(key, version, value) {
        if (failing-- > 0)
          throw new AuthError('ERR_AUTH_STORE_UNAVAILABLE', 'the store is restarting', { retryable: true });
        return memory.compareAndSet(key, version, value);
      },
    };
    const { manager, spent } = rotatingManager(store, clock);
    expect((await manager.get()).token.refreshToken).toBe('rt-1');
    expect((await memory.get('user'))?.value.refreshToken).toBe('rt-1');
    expect(spent).toEqual(['rt-0']);
    expect(clock.sleeps).toHaveLength(2);
  });

  it('does not retry a write that failed for good', async () => {
    const clock = steppingClock();
    const memory = createMemoryTokenStore<Token>();
    await memory.compareAndSet('user', 0, expired(clock));
    const broken = new AuthError('ERR_AUTH_STORE_BAD_REPLY', 'the store answered nonsense');
    const store: TokenStore<Token> = {
      get: (key) => memory.get(key),
      async compareAndSet() {
        throw broken;
      },
    };
    const manager = createTokenManager<Token>({
      store,
      key: 'user',
      clock,
      obtain: async () => ({ accessToken: 'at-1', refreshToken: 'rt-1', expiresAt: clock.now() + HOUR }),
    });
    await expect(manager.get()).rejects.toBe(broken);
    expect(clock.sleeps).toEqual([]);
  });

  it('after taking over the lock of a silent holder, waits for its refresh instead of spending the token again', async () => {
    const clock = steppingClock();
    const memory = createMemoryTokenStore<Token>();
    await memory.compareAndSet('user', 0, expired(clock));
    let polls = 0;
    const store: TokenStore<Token> = {
      async get(key) {
        // The silent holder's refresh lands while we wait (on the third read after taking the lock).
        if (++polls === 4) {
          const current = await memory.get(key);
          await memory.compareAndSet(key, current!.version, {
            accessToken: 'at-1',
            refreshToken: 'rt-1',
            expiresAt: clock.now() + HOUR,
          });
        }
        return memory.get(key);
      },
      compareAndSet: (key, version, value) => memory.compareAndSet(key, version, value),
      async lock() {
        const release = async () => undefined;
        return Object.assign(release, { takenOver: true, heldByPreviousMs: 1_000 }) as ReleaseLock;
      },
    };
    const spent: string[] = [];
    const manager = createTokenManager<Token>({
      store,
      key: 'user',
      clock,
      obtain: async ({ current }) => {
        spent.push(current!.refreshToken);
        return { accessToken: 'never', refreshToken: 'never', expiresAt: clock.now() + HOUR };
      },
    });
    expect((await manager.get()).token.accessToken).toBe('at-1');
    expect(spent).toEqual([]);
  });

  describe('a store that stops answering', () => {
    const never = <R>(): Promise<R> => new Promise<R>(() => undefined);
    /** A promise and the functions that settle it. */
    function deferred<R>() {
      let resolve!: (value: R) => void;
      const promise = new Promise<R>((done) => {
        resolve = done;
      });
      return { promise, resolve };
    }
    /** Timers still pending: faked, so an unref'd one counts too. */
    const activeTimers = (): number => vi.getTimerCount();

    it('gives up on a read after storeTimeoutMs, and the next get() is not stuck behind it', async () => {
      const memory = createMemoryTokenStore<Token>();
      let stalled = true;
      let obtained = 0;
      const store: TokenStore<Token> = {
        get: (key) => (stalled ? never() : memory.get(key)),
        compareAndSet: (key, version, value) => memory.compareAndSet(key, version, value),
      };
      const manager = createTokenManager<Token>({
        store,
        key: 'user',
        storeTimeoutMs: 20,
        obtain: async () => {
          obtained += 1;
          return { accessToken: 'at-1', refreshToken: 'rt-1', expiresAt: Date.now() + HOUR };
        },
      });
      const error = await manager.get().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AuthTimeoutError);
      expect(error).toMatchObject({
        code: 'ERR_AUTH_TIMEOUT',
        retryable: true,
        timeoutMs: 20,
        message: 'the token store did not finish reading key "user" within 20 ms',
      });
      expect(obtained).toBe(0);
      stalled = false;
      expect((await manager.get()).token.accessToken).toBe('at-1');
      expect(obtained).toBe(1);
    });

    it('writes a freshly obtained set again when a write stalls, and a late write of it changes nothing', async () => {
      const clock = steppingClock();
      const memory = createMemoryTokenStore<Token>();
      await memory.compareAndSet('user', 0, expired(clock));
      const late = deferred<void>();
      let writes = 0;
      const store: TokenStore<Token> = {
        get: (key) => memory.get(key),
        async compareAndSet(key, version, value) {
          // The first write reaches the store only after its deadline (a Redis that paused).
          if (++writes === 1) await late.promise;
          return memory.compareAndSet(key, version, value);
        },
      };
      const { manager, spent } = rotatingManager(store, clock, { storeTimeoutMs: 20 });
      expect((await manager.get()).token.refreshToken).toBe('rt-1');
      expect(writes).toBe(2);
      const stored = await memory.get('user');
      expect(stored?.value.refreshToken).toBe('rt-1');
      // The stalled write arrives: compare-and-set refuses it, the stored set stays as written.
      late.resolve();
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await memory.get('user')).toEqual(stored);
      expect(spent).toEqual(['rt-0']);
    });

    it('stops waiting for a lock when the lock timeout ends though the store ignores the signal, and gives back a lock granted later', async () => {
      const memory = createMemoryTokenStore<Token>();
      const granted = deferred<ReleaseLock>();
      let released = 0;
      const store: TokenStore<Token> = {
        get: (key) => memory.get(key),
        compareAndSet: (key, version, value) => memory.compareAndSet(key, version, value),
        lock: () => granted.promise,
      };
      const manager = createTokenManager<Token>({
        store,
        key: 'user',
        lockTimeoutMs: 20,
        retry: { attempts: 1 },
        obtain: async () => ({ accessToken: 'never', refreshToken: 'never', expiresAt: Date.now() + HOUR }),
      });
      const error = await manager.get().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AuthTimeoutError);
      expect(error).toMatchObject({
        code: 'ERR_AUTH_TIMEOUT',
        timeoutMs: 20,
        message: 'gave up waiting for the lock on key "user" after 20 ms',
      });
      expect((error as Error).cause).toMatchObject({ name: 'TimeoutError' });
      granted.resolve(async () => {
        released += 1;
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(released).toBe(1);
    });

    it('is not held up by a lock release that never finishes', async () => {
      const memory = createMemoryTokenStore<Token>();
      const store: TokenStore<Token> = {
        get: (key) => memory.get(key),
        compareAndSet: (key, version, value) => memory.compareAndSet(key, version, value),
        lock: async () => Object.assign(() => never<void>(), {}) as ReleaseLock,
      };
      const manager = createTokenManager<Token>({
        store,
        key: 'user',
        storeTimeoutMs: 20,
        obtain: async () => ({ accessToken: 'at-1', refreshToken: 'rt-1', expiresAt: Date.now() + HOUR }),
      });
      expect((await manager.get()).token.accessToken).toBe('at-1');
      expect((await memory.get('user'))?.value.accessToken).toBe('at-1');
    });

    it('leaves no timer behind once the store has answered', async () => {
      const manager = createTokenManager<Token>({
        store: createMemoryTokenStore<Token>(),
        key: 'user',
        obtain: async () => ({ accessToken: 'at-1', refreshToken: 'rt-1', expiresAt: Date.now() + HOUR }),
      });
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        const before = activeTimers();
        await manager.get();
        await manager.clear();
        expect(activeTimers()).toBe(before);
      } finally {
        vi.useRealTimers();
      }
    });
  });
});
