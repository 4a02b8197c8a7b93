import { describe, expect, it } from 'vitest';
import { boundedCompareAndSet, MAX_WRITE_ROUNDS } from './bounded-compare-and-set.js';
import { createMemoryTokenStore, type TokenStore } from './token-store.js';

/** A memory store where another writer gets in before each of our writes, `times` times. */
function contested(times: number): TokenStore<string> & { writes: number } {
  const inner = createMemoryTokenStore<string>();
  let left = times;
  const store = {
    writes: 0,
    get: (key: string) => inner.get(key),
    async compareAndSet(key: string, expected: number, value: string | undefined) {
      store.writes += 1;
      if (left-- > 0) {
        const current = await inner.get(key);
        await inner.compareAndSet(key, current?.version ?? 0, `other-${store.writes}`);
      }
      return inner.compareAndSet(key, expected, value);
    },
  };
  return store;
}

describe('boundedCompareAndSet', () => {
  it('writes over the winner of each conflict until it gets through', async () => {
    const store = contested(2);
    expect(await boundedCompareAndSet({ store, key: 'k', value: 'mine', expected: 0 })).toBe(3);
    expect((await store.get('k'))?.value).toBe('mine');
  });

  it(`gives up after ${MAX_WRITE_ROUNDS} rounds with a retryable ERR_AUTH_STORE_CONFLICT`, async () => {
    const store = contested(Number.POSITIVE_INFINITY);
    await expect(boundedCompareAndSet({ store, key: 'k', value: 'mine', expected: 0 })).rejects.toMatchObject(
      {
        code: 'ERR_AUTH_STORE_CONFLICT',
        retryable: true,
        message: 'the token store kept changing under key "k"',
      },
    );
    expect(store.writes).toBe(MAX_WRITE_ROUNDS);
  });

  it('stops without writing when the conflict says so, or when the caller moved on', async () => {
    const store = contested(1);
    expect(
      await boundedCompareAndSet({ store, key: 'k', value: 'mine', expected: 0, onConflict: () => 'stop' }),
    ).toBe('stopped');
    expect((await store.get('k'))?.value).toBe('other-1');
    expect(
      await boundedCompareAndSet({ store, key: 'k', value: 'mine', expected: 1, abandoned: () => true }),
    ).toBe('stopped');
    expect(store.writes).toBe(1);
  });
});
