import { describe, expect, it } from 'vitest';
import { createMemorySessionStore } from './memory-session-store.js';
import type { PendingSignIn, SignedInUser } from './session-store.js';

const user = (key: string): SignedInUser => ({ key, apiBaseUrl: 'https://portal.example.com/', claims: {} });
const pending: PendingSignIn = {
  state: 'state',
  codeVerifier: 'verifier',
  nonce: 'nonce',
  redirectUri: 'https://app.example.com/callback',
  startedAt: 0,
  returnTo: '/profile',
};

describe('createMemorySessionStore', () => {
  it('drops the least recently used signed-in session beyond maxSessions', async () => {
    const store = createMemorySessionStore({ maxSessions: 2 });
    const a = await store.signIn(user('a'));
    const b = await store.signIn(user('b'));
    await store.get(a.id);
    await store.signIn(user('c'));
    expect(await store.get(b.id)).toBeUndefined();
    expect((await store.get(a.id))?.user?.key).toBe('a');
  });

  it('never evicts a signed-in session however many sign-ins are started (10,001 anonymous /signin)', async () => {
    const store = createMemorySessionStore();
    const signedIn = await store.signIn(user('user-1'));
    for (let index = 0; index < 10_001; index++) await store.startSignIn(pending);
    expect((await store.get(signedIn.id))?.user?.key).toBe('user-1');
    expect(store.signedIn).toBe(1);
    expect(store.size).toBe(1 + 1_000); // sign-ins in progress are capped on their own
  });

  it('rejects a maxSessions below 1 with a RangeError naming it', () => {
    expect(() => createMemorySessionStore({ maxSessions: 0 })).toThrow(
      new RangeError('"maxSessions" must be a whole number of at least 1'),
    );
  });
});
