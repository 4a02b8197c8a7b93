import { describe, expect, it } from 'vitest';
import { AuthError, AuthHttpError } from './errors.js';
import { createTokenManager } from './token-manager.js';
import type { ObtainContext } from './token-manager-types.js';
import { createMemoryTokenStore } from './token-store.js';
import type { Clock } from './types.js';

interface Token {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: number;
  issuedAt?: number;
}

/** A clock that only moves when told; sleeps resolve when time is advanced past them. */
function manualClock(start = 1_000_000): Clock & { advance(ms: number): Promise<void>; sleeps: number[] } {
  let now = start;
  const waiting: Array<{ until: number; resolve: () => void }> = [];
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep(ms) {
      sleeps.push(ms);
      return new Promise<void>((resolve) => waiting.push({ until: now + ms, resolve }));
    },
    async advance(ms) {
      now += ms;
      for (const entry of waiting.splice(0)) {
        if (entry.until <= now) entry.resolve();
        else waiting.push(entry);
      }
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

const HOUR = 3_600_000;

function issuer(clock: Clock, lifetimeMs = HOUR) {
  let counter = 0;
  const calls: Array<ObtainContext<Token>> = [];
  let gate: Promise<void> | undefined;
  let failWith: unknown;
  return {
    calls,
    hold() {
      let open!: () => void;
      gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      return () => open();
    },
    failNext(error: unknown) {
      failWith = error;
    },
    async obtain(context: ObtainContext<Token>): Promise<Token> {
      calls.push(context);
      if (gate) await gate;
      if (failWith !== undefined) throw failWith;
      counter += 1;
      const now = clock.now();
      return {
        accessToken: `access-${counter}`,
        refreshToken: `refresh-${counter}`,
        issuedAt: now,
        expiresAt: now + lifetimeMs,
      };
    },
  };
}

describe('createTokenManager', () => {
  it('obtains once and then serves the cached token', async () => {
    const clock = manualClock();
    const source = issuer(clock);
    const manager = createTokenManager<Token>({ obtain: (c) => source.obtain(c), clock });
    const first = await manager.get();
    const second = await manager.get();
    expect(first.token.accessToken).toBe('access-1');
    expect(second).toEqual(first);
    expect(source.calls.map((call) => call.reason)).toEqual(['initial']);
  });

  it('makes exactly one refresh for 1,000 concurrent callers on an expired token', async () => {
    const clock = manualClock();
    const source = issuer(clock);
    const manager = createTokenManager<Token>({ obtain: (c) => source.obtain(c), clock });
    await manager.get();
    await clock.advance(HOUR + 1);
    const results = await Promise.all(Array.from({ length: 1000 }, () => manager.get()));
    expect(source.calls.map((call) => call.reason)).toEqual(['initial', 'expired']);
    expect(new Set(results.map((result) => result.token.accessToken))).toEqual(new Set(['access-2']));
    expect(source.calls[1]?.current?.refreshToken).toBe('refresh-1');
  });

  it('lets an aborted waiter go without cancelling the shared refresh', async () => {
    const clock = manualClock();
    const source = issuer(clock);
    const manager = createTokenManager<Token>({ obtain: (c) => source.obtain(c), clock });
    const open = source.hold();
    const controller = new AbortController();
    const aborted = manager.get({ signal: controller.signal });
    const patient = manager.get();
    controller.abort(new Error('caller gave up'));
    await expect(aborted).rejects.toThrow('caller gave up');
    expect(source.calls[0]?.signal.aborted).toBe(false);
    open();
    expect((await patient).token.accessToken).toBe('access-1');
    expect(source.calls).toHaveLength(1);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const clock = manualClock();
    const source = issuer(clock);
    const manager = createTokenManager<Token>({ obtain: (c) => source.obtain(c), clock });
    await expect(manager.get({ signal: AbortSignal.abort(new Error('stop')) })).rejects.toThrow('stop');
    expect(source.calls).toHaveLength(0);
  });

  it('refreshes in the background inside the window and keeps serving the valid token', async () => {
    const clock = manualClock();
    const source = issuer(clock);
    const manager = createTokenManager<Token>({ obtain: (c) => source.obtain(c), clock });
    await manager.get();
    await clock.advance(HOUR - 60_000); // one minute left: inside the 5-minute window
    const open = source.hold();
    const during = await manager.get();
    expect(during.token.accessToken).toBe('access-1');
    expect(source.calls.map((call) => call.reason)).toEqual(['initial', 'expiring']);
    open();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await manager.get()).token.accessToken).toBe('access-2');
  });

  it('scales the window to short lifetimes so a 10-second token is not refreshed on every call', async () => {
    const clock = manualClock();
    const source = issuer(clock, 10_000);
    const manager = createTokenManager<Token>({ obtain: (c) => source.obtain(c), clock });
    await manager.get();
    for (let step = 0; step < 4; step++) {
      await clock.advance(1_000);
      await manager.get();
    }
    expect(source.calls).toHaveLength(1); // 4 s into a 10 s token: still outside the 5 s window
  });

  it('retries a failing refresh with backoff while the old token is valid, and fails only once it expired', async () => {
    const clock = manualClock();
    const source = issuer(clock);
    const manager = createTokenManager<Token>({ obtain: (c) => source.obtain(c), clock });
    await manager.get();
    source.failNext(
      new AuthHttpError('ERR_AUTH_SERVER_ERROR', 'token endpoint failed with 503', { status: 503 }),
    );
    await clock.advance(HOUR - 120_000);
    expect((await manager.get()).token.accessToken).toBe('access-1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.calls).toHaveLength(2);
    // Within the backoff no new attempt is made.
    expect((await manager.get()).token.accessToken).toBe('access-1');
    expect(source.calls).toHaveLength(2);
    await clock.advance(10_000);
    expect((await manager.get()).token.accessToken).toBe('access-1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.calls).toHaveLength(3);
    // Now the token expires and the failure becomes the caller's error after bounded retries.
    await clock.advance(120_000);
    const failing = manager.get();
    const assertion = expect(failing).rejects.toMatchObject({ code: 'ERR_AUTH_SERVER_ERROR' });
    for (let index = 0; index < 5; index++) await clock.advance(10_000);
    await assertion;
    expect(source.calls.length).toBe(6); // 3 background + 3 blocking attempts
    expect(clock.sleeps.length).toBe(2);
  });

  it('does not retry an error that is not retryable', async () => {
    const clock = manualClock();
    const source = issuer(clock);
    const manager = createTokenManager<Token>({ obtain: (c) => source.obtain(c), clock });
    source.failNext(new AuthError('ERR_OAUTH_REAUTH_REQUIRED', 'the refresh token was rejected'));
    await expect(manager.get()).rejects.toMatchObject({
      code: 'ERR_OAUTH_REAUTH_REQUIRED',
      message: 'the refresh token was rejected',
    });
    expect(source.calls).toHaveLength(1);
  });

  it('refreshes on invalidate of the current generation only', async () => {
    const clock = manualClock();
    const source = issuer(clock);
    const manager = createTokenManager<Token>({ obtain: (c) => source.obtain(c), clock });
    const first = await manager.get();
    manager.invalidate(first.generation);
    const second = await manager.get();
    expect(second.token.accessToken).toBe('access-2');
    manager.invalidate(first.generation); // a late 401 for the old token
    expect((await manager.get()).token.accessToken).toBe('access-2');
    expect(source.calls.map((call) => call.reason)).toEqual(['initial', 'invalidated']);
  });

  it('never lets a refresh that started before clear() bring the token back', async () => {
    const clock = manualClock();
    const source = issuer(clock);
    const store = createMemoryTokenStore<Token>();
    const manager = createTokenManager<Token>({ obtain: (c) => source.obtain(c), clock, store, key: 'user' });
    const open = source.hold();
    const pending = manager.get();
    await new Promise((resolve) => setImmediate(resolve));
    await manager.clear();
    open();
    await expect(pending).rejects.toMatchObject({ code: 'ERR_AUTH_CLEARED' });
    expect(manager.peek()).toBeUndefined();
    expect(await store.get('user')).toBeUndefined();
  });

  it('keeps a token set by set() over an older refresh still in flight', async () => {
    const clock = manualClock();
    const source = issuer(clock);
    const manager = createTokenManager<Token>({ obtain: (c) => source.obtain(c), clock });
    const open = source.hold();
    const pending = manager.get();
    await new Promise((resolve) => setImmediate(resolve));
    await manager.set({ accessToken: 'from-callback', expiresAt: clock.now() + HOUR });
    open();
    expect((await pending).token.accessToken).toBe('from-callback');
    expect((await manager.get()).token.accessToken).toBe('from-callback');
  });

  it('adopts a token another process stored instead of refreshing again', async () => {
    const clock = manualClock();
    const store = createMemoryTokenStore<Token>();
    const sourceA = issuer(clock);
    const a = createTokenManager<Token>({ obtain: (c) => sourceA.obtain(c), clock, store, key: 'user' });
    const b = createTokenManager<Token>({
      obtain: () => Promise.reject(new Error('must not be called')),
      clock,
      store,
      key: 'user',
    });
    await a.get();
    expect((await b.get()).token.accessToken).toBe('access-1');
    await clock.advance(HOUR + 1);
    await a.get();
    expect((await b.get()).token.accessToken).toBe('access-2');
    expect(sourceA.calls).toHaveLength(2);
  });

  it('forgets a dead token set on a terminal error, but adopts one another process replaced it with', async () => {
    const clock = manualClock();
    const store = createMemoryTokenStore<Token>();
    const dead = new AuthError('ERR_OAUTH_REAUTH_REQUIRED', 'the refresh token was rejected');
    const manager = createTokenManager<Token>({
      obtain: async () => {
        throw dead;
      },
      clock,
      store,
      key: 'user',
      isTerminal: (error) => error === dead,
    });
    await manager.set({ accessToken: 'old', refreshToken: 'r', expiresAt: clock.now() - 1 });
    await expect(manager.get()).rejects.toBe(dead);
    expect(await store.get('user')).toBeUndefined();
    expect(manager.peek()).toBeUndefined();

    let replaced = false;
    const racing = createTokenManager<Token>({
      obtain: async () => {
        // Another process writes a fresh set while this refresh fails.
        const current = await store.get('user');
        await store.compareAndSet('user', current?.version ?? 0, {
          accessToken: 'fresh',
          expiresAt: clock.now() + HOUR,
        });
        replaced = true;
        throw dead;
      },
      clock,
      store,
      key: 'user',
      isTerminal: (error) => error === dead,
    });
    await store.compareAndSet('user', 0, {
      accessToken: 'old',
      refreshToken: 'r',
      expiresAt: clock.now() - 1,
    });
    // The other process won the rotation (issue 16, finding 13): its set is used, not thrown away.
    await expect(racing.get()).resolves.toMatchObject({ token: { accessToken: 'fresh' } });
    expect(replaced).toBe(true);
    expect((await store.get('user'))?.value.accessToken).toBe('fresh');
  });

  it('settle() waits for a background refresh, so it is stored before shutdown', async () => {
    const clock = manualClock();
    const source = issuer(clock);
    const store = createMemoryTokenStore<Token>();
    const manager = createTokenManager<Token>({ obtain: (c) => source.obtain(c), clock, store, key: 'user' });
    await manager.get();
    await clock.advance(HOUR - 60_000);
    const open = source.hold();
    await manager.get(); // starts the background refresh
    let settled = false;
    const settling = manager.settle().then(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    open();
    await settling;
    expect((await store.get('user'))?.value.accessToken).toBe('access-2');
  });

  it('peekFresh() hands out only a fresh, valid token, without I/O', async () => {
    const clock = manualClock();
    const source = issuer(clock);
    const manager = createTokenManager<Token>({ obtain: (c) => source.obtain(c), clock });
    expect(manager.peekFresh()).toBeUndefined();
    const current = await manager.get();
    expect(manager.peekFresh()).toBe(current);
    manager.invalidate(current.generation);
    expect(manager.peekFresh()).toBeUndefined();
    await manager.get();
    await clock.advance(HOUR - 60_000); // inside the refresh window
    expect(manager.peekFresh()).toBeUndefined();
  });

  it('emits an event for every change', async () => {
    const clock = manualClock();
    const source = issuer(clock);
    const events: string[] = [];
    const manager = createTokenManager<Token>({
      obtain: (c) => source.obtain(c),
      clock,
      onTokens: (event) =>
        events.push(`${event.type}:${event.reason ?? ''}:${event.token?.accessToken ?? ''}`),
    });
    await manager.get();
    await manager.get({ forceRefresh: true });
    await manager.set({ accessToken: 'manual' });
    await manager.clear();
    expect(events).toEqual([
      'obtained:initial:access-1',
      'obtained:forced:access-2',
      'set::manual',
      'cleared::',
    ]);
  });

  it('turns a hung token source into a timeout error', async () => {
    const manager = createTokenManager<Token>({
      obtain: () => new Promise(() => undefined),
      timeoutMs: 20,
      retry: { attempts: 1 },
    });
    await expect(manager.get()).rejects.toMatchObject({
      code: 'ERR_AUTH_TIMEOUT',
      message: 'getting a token took longer than 20 ms',
    });
  });

  it('validates its options and names the option', () => {
    expect(() => createTokenManager({} as never)).toThrow(
      expect.objectContaining({ code: 'ERR_AUTH_INVALID_OPTION', option: 'obtain' }),
    );
    const obtain = async (): Promise<Token> => ({ accessToken: 'a' });
    expect(() => createTokenManager({ obtain, store: createMemoryTokenStore<Token>() })).toThrow(
      '"key" is required with "store"',
    );
    expect(() => createTokenManager({ obtain, refreshWindow: { ratio: 0.9 } })).toThrow(
      '"refreshWindow.ratio" must be a number from 0 to 0.5',
    );
    expect(() => createTokenManager({ obtain, retry: { attempts: 0 } })).toThrow(
      '"retry.attempts" must be a number from 1 to 10',
    );
    expect(() => createTokenManager({ obtain, timeoutMs: -1 })).toThrow(
      '"timeoutMs" must be a number from 1 to 3600000',
    );
    expect(() => createTokenManager({ obtain, storeTimeoutMs: 0 })).toThrow(
      expect.objectContaining({
        option: 'storeTimeoutMs',
        message: '"storeTimeoutMs" must be a number from 1 to 3600000',
      }),
    );
  });

  it('rejects a token source that returns a malformed token set', async () => {
    const manager = createTokenManager<Token>({
      obtain: async () => ({ accessToken: 'a', expiresAt: Number.NaN }),
    });
    await expect(manager.get()).rejects.toMatchObject({
      code: 'ERR_AUTH_BAD_TOKEN',
      message: 'the token source returned a token set with an invalid "expiresAt"',
    });
  });
});
