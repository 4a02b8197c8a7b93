import { describe, expect, it } from 'vitest';
import { parseCookies, serializeCookie, sessionCookieName } from './cookies.js';

describe('serializeCookie', () => {
  it('sets HttpOnly, SameSite=Lax and Path=/ always, and Secure over https', () => {
    expect(serializeCookie('sid', 'abc', { secure: false })).toBe('sid=abc; Path=/; HttpOnly; SameSite=Lax');
    expect(serializeCookie('__Host-sid', 'abc', { secure: true })).toBe(
      '__Host-sid=abc; Path=/; HttpOnly; SameSite=Lax; Secure',
    );
  });

  it('deletes with Max-Age=0', () => {
    expect(serializeCookie('sid', '', { secure: false, maxAgeSeconds: 0 })).toBe(
      'sid=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0',
    );
  });

  it('refuses values that would inject attributes', () => {
    expect(() => serializeCookie('sid', 'a; Domain=evil.example', { secure: false })).toThrow(
      '"value" is not a valid cookie value',
    );
    expect(() => serializeCookie('s id', 'a', { secure: false })).toThrow(
      '"name" is not a valid cookie name',
    );
  });
});

describe('parseCookies', () => {
  it('reads pairs, keeps the first of duplicates, skips malformed ones', () => {
    const cookies = parseCookies('sid=first; theme=dark; sid=second; broken; =x; bad name=1');
    expect(cookies.get('sid')).toBe('first');
    expect(cookies.get('theme')).toBe('dark');
    expect([...cookies.keys()]).toEqual(['sid', 'theme']);
    expect(parseCookies(undefined).size).toBe(0);
  });
});

describe('sessionCookieName', () => {
  it('uses the __Host- prefix only over https', () => {
    expect([sessionCookieName(true), sessionCookieName(false)]).toEqual(['__Host-sid', 'sid']);
  });
});
