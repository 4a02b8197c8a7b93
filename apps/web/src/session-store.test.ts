import { describe, expect, it } from 'vitest';
import { createSessionStore } from './session-store.js';

const manualClock = () => {
  let now = 1_000_000;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
};

describe('createSessionStore', () => {
  it('creates sessions with distinct 256-bit ids and CSRF tokens', () => {
    const store = createSessionStore();
    const a = store.create();
    const b = store.create();
    expect(a.id).toMatch(/^[\w-]{43}$/);
    expect(new Set([a.id, b.id, a.csrfToken, b.csrfToken]).size).toBe(4);
    expect(store.get(a.id)).toBe(a);
    expect(store.get(undefined)).toBeUndefined();
  });

  it('rotates: a new id and CSRF token for the same data, the old id is dead', () => {
    const store = createSessionStore();
    const session = store.create();
    session.user = { key: 'user-1', apiBaseUrl: 'https://portal.example.com/', claims: {} };
    const rotated = store.rotate(session);
    expect(rotated.id).not.toBe(session.id);
    expect(rotated.csrfToken).not.toBe(session.csrfToken);
    expect(rotated.user?.key).toBe('user-1');
    expect(store.get(session.id)).toBeUndefined();
    expect(store.size).toBe(1);
  });

  it('forgets a session unused for longer than the idle timeout', () => {
    const clock = manualClock();
    const store = createSessionStore({ clock, idleTimeoutMs: 60_000 });
    const session = store.create();
    clock.advance(59_000);
    expect(store.get(session.id)).toBe(session); // touched: the timeout starts again
    clock.advance(59_000);
    expect(store.get(session.id)).toBe(session);
    clock.advance(60_001);
    expect(store.get(session.id)).toBeUndefined();
  });

  it('drops the least recently used signed-in session beyond maxSessions', () => {
    const store = createSessionStore({ maxSessions: 2 });
    const signIn = (key: string) =>
      store.rotate(store.create(), { key, apiBaseUrl: 'https://portal.example.com/', claims: {} });
    const a = signIn('a');
    const b = signIn('b');
    store.get(a.id);
    signIn('c');
    expect(store.get(b.id)).toBeUndefined();
    expect(store.get(a.id)).toBe(a);
  });

  it('drops the least recently used sign-in in progress beyond maxPendingSessions', () => {
    const store = createSessionStore({ maxPendingSessions: 2 });
    const a = store.create();
    const b = store.create();
    store.get(a.id);
    store.create();
    expect(store.get(b.id)).toBeUndefined();
    expect(store.get(a.id)).toBe(a);
  });

  it('never evicts a signed-in session however many sign-ins are started (10,001 anonymous /signin)', () => {
    const store = createSessionStore();
    const user = store.rotate(store.create(), {
      key: 'user-1',
      apiBaseUrl: 'https://portal.example.com/',
      claims: {},
    });
    for (let index = 0; index < 10_001; index++) store.create();
    expect(store.get(user.id)).toBe(user);
    expect(store.signedIn).toBe(1);
    expect(store.size).toBe(1 + 1_000);
  });

  it('times out a sign-in in progress after 10 minutes, a signed-in session after 8 hours', () => {
    const clock = manualClock();
    const store = createSessionStore({ clock });
    const started = store.create();
    const user = store.rotate(store.create(), {
      key: 'user-1',
      apiBaseUrl: 'https://portal.example.com/',
      claims: {},
    });
    clock.advance(10 * 60_000 + 1);
    expect(store.get(started.id)).toBeUndefined();
    expect(store.get(user.id)).toBe(user);
  });

  it('rejects a non-positive idle timeout', () => {
    expect(() => createSessionStore({ idleTimeoutMs: 0 })).toThrow(
      '"idleTimeoutMs" must be a positive number',
    );
  });
});
