import { describe, expect, it } from 'vitest';
import { createMemoryTokenStore, type TokenStore } from '../token-store.js';
import type { Clock } from '../types.js';
import { createTokenStrategy } from './create-token-strategy.js';

interface Session {
  token: string;
  expiresAt?: number;
  issuedAt?: number;
  home: string;
}

const clock: Clock = { now: () => 1_000_000 };
const HOUR = 3_600_000;

/** A login that hands out `t1`, `t2`, ... for `home`, valid for an hour. */
function logins(home = 'here') {
  let count = 0;
  return {
    get count() {
      return count;
    },
    obtain: async (): Promise<Session> => ({
      token: `t${++count}`,
      issuedAt: clock.now(),
      expiresAt: clock.now() + HOUR,
      home,
    }),
  };
}

describe('createTokenStrategy', () => {
  it('obtains once, and hands out one credentials object per token generation', async () => {
    const source = logins();
    const { strategy } = createTokenStrategy<Session>({
      kind: 'session',
      clock,
      obtain: source.obtain,
      toHeaders: (session) => ({ authorization: `Bearer ${session.token}` }),
    });
    const first = await strategy.authenticate();
    expect(first).toEqual({
      scheme: 'Bearer',
      headers: { authorization: 'Bearer t1' },
      expiresAt: clock.now() + HOUR,
      generation: 1,
    });
    expect(await strategy.authenticate()).toBe(first);
    expect(strategy.peekCredentials()).toBe(first);
    strategy.invalidate(first);
    const second = await strategy.authenticate();
    expect(second.headers.authorization).toBe('Bearer t2');
    strategy.invalidate(first); // a late 401 for the old token changes nothing
    expect(await strategy.authenticate()).toBe(second);
    expect(source.count).toBe(2);
  });

  it('never sends a stored token set it does not accept, and obtains its own', async () => {
    const store = createMemoryTokenStore<Session>();
    await store.compareAndSet('user', 0, {
      token: 'elsewhere',
      issuedAt: clock.now(),
      expiresAt: clock.now() + HOUR,
      home: 'there',
    });
    const source = logins();
    const { strategy } = createTokenStrategy<Session>({
      kind: 'session',
      clock,
      store,
      key: 'user',
      obtain: source.obtain,
      accepts: (session) => session.home === 'here',
      toHeaders: (session) => ({ authorization: `Bearer ${session.token}` }),
    });
    expect(strategy.peekCredentials()).toBeUndefined();
    expect((await strategy.authenticate()).headers.authorization).toBe('Bearer t1');
    expect((await store.get('user'))?.value.home).toBe('here');
  });

  it('revokes the stored token set after a restart, and keeps it when revoking fails', async () => {
    const store = createMemoryTokenStore<Session>();
    const options = {
      kind: 'session',
      clock,
      store,
      key: 'user',
      obtain: logins().obtain,
      toHeaders: (session: Session) => ({ authorization: `Bearer ${session.token}` }),
    };
    await createTokenStrategy<Session>(options).strategy.authenticate();
    const revoked: string[] = [];
    let fail = true;
    const { strategy } = createTokenStrategy<Session>({
      ...options,
      async revokeToken(session) {
        if (fail) throw new Error('portal down');
        revoked.push(session.token);
      },
    });
    await expect(strategy.revoke()).rejects.toThrow('portal down');
    expect((await store.get('user'))?.value.token).toBe('t1');
    fail = false;
    await strategy.revoke();
    expect(revoked).toEqual(['t1']);
    expect(await store.get('user')).toBeUndefined();
  });

  it('gives up reading a stalled store for revoke() after storeTimeoutMs, or when the signal aborts', async () => {
    const memory = createMemoryTokenStore<Session>();
    await memory.compareAndSet('user', 0, { token: 't1', expiresAt: clock.now() + HOUR, home: 'here' });
    const stalled: TokenStore<Session> = {
      get: () => new Promise(() => undefined),
      compareAndSet: (key, version, value) => memory.compareAndSet(key, version, value),
    };
    const revoked: string[] = [];
    const { strategy } = createTokenStrategy<Session>({
      kind: 'session',
      clock,
      store: stalled,
      key: 'user',
      storeTimeoutMs: 20,
      obtain: logins().obtain,
      toHeaders: (session) => ({ authorization: `Bearer ${session.token}` }),
      async revokeToken(session) {
        revoked.push(session.token);
      },
    });
    await expect(strategy.revoke()).rejects.toMatchObject({
      code: 'ERR_AUTH_TIMEOUT',
      message: 'the token store did not finish reading key "user" within 20 ms',
    });
    const reason = new Error('the user went away');
    const controller = new AbortController();
    const revoking = strategy.revoke({ signal: controller.signal });
    controller.abort(reason);
    await expect(revoking).rejects.toBe(reason);
    expect(revoked).toEqual([]);
    expect((await memory.get('user'))?.value.token).toBe('t1');
  });

  it('starts from `initial`, and lets the strategy read and replace its token sets', async () => {
    const { strategy, tokens } = createTokenStrategy<Session>({
      kind: 'session',
      clock,
      initial: { token: 'given', issuedAt: clock.now(), expiresAt: clock.now() + HOUR, home: 'here' },
      obtain: logins().obtain,
      toHeaders: (session) => ({ authorization: `Bearer ${session.token}` }),
    });
    expect((await tokens.get()).token).toBe('given');
    await tokens.set({
      token: 'replaced',
      issuedAt: clock.now(),
      expiresAt: clock.now() + HOUR,
      home: 'here',
    });
    expect((await strategy.authenticate()).headers.authorization).toBe('Bearer replaced');
  });

  it('names the option it cannot use', () => {
    const valid = { kind: 'session', obtain: logins().obtain, toHeaders: () => ({}) };
    expect(() => createTokenStrategy({ ...valid, toHeaders: undefined as never })).toThrow(
      expect.objectContaining({
        code: 'ERR_AUTH_INVALID_OPTION',
        option: 'toHeaders',
        message: '"toHeaders" must be a function',
      }),
    );
    expect(() => createTokenStrategy({ ...valid, kind: '' })).toThrow(
      expect.objectContaining({ option: 'kind' }),
    );
    expect(() => createTokenStrategy({ ...valid, accepts: 'yes' as never })).toThrow(
      expect.objectContaining({ option: 'accepts' }),
    );
    expect(() => createTokenStrategy({ ...valid, obtain: undefined as never })).toThrow(
      expect.objectContaining({ option: 'obtain' }),
    );
  });
});
