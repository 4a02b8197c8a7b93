// The token manager when the store fails or its lock is taken over (issue 16: no refresh token lost,
// none spent twice).
import { describe, expect, it } from 'vitest';
import { AuthError } from '../src/errors.js';
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
    const spent: string[] = [];
    const manager = createTokenManager<Token>({
      store,
      key: 'user',
      clock,
      obtain: async ({ current }) => {
        spent.push(current!.refreshToken);
        return { accessToken: 'at-1', refreshToken: 'rt-1', expiresAt: clock.now() + HOUR };
      },
    });
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
});
