import { describe, expect, it } from 'vitest';
import { DEFAULT_RETURN_TO, safeReturnTo, signInLink } from './return-to.js';

const ORIGIN = 'https://app.example.com';

describe('safeReturnTo', () => {
  it('keeps same-origin paths with their query', () => {
    expect(safeReturnTo('/rooms', ORIGIN)).toBe('/rooms');
    expect(safeReturnTo('/rooms?page=2&sort=title', ORIGIN)).toBe('/rooms?page=2&sort=title');
    expect(safeReturnTo('/profile#claims', ORIGIN)).toBe('/profile');
    expect(safeReturnTo('/', ORIGIN)).toBe('/');
    expect(safeReturnTo('/files/a%20b.docx', ORIGIN)).toBe('/files/a%20b.docx');
  });

  // Each of these is an open-redirect attempt: after sign-in the browser would land on another site.
  it.each([
    ['a scheme-relative URL', '//evil.example/'],
    ['a scheme-relative URL with a backslash', '/\\evil.example'],
    ['two backslashes', '\\\\evil.example'],
    ['a backslash later in the path', '/rooms\\..\\..\\evil'],
    ['an absolute https URL', 'https://evil.example/rooms'],
    ['an absolute URL to this origin (not a relative path)', `${ORIGIN}/rooms`],
    ['a scheme without slashes', 'https:evil.example'],
    ['a javascript: URL', 'javascript:alert(document.domain)'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['a relative path without a leading slash', 'evil.example/rooms'],
    ['a tab the URL parser would drop', '/\t/evil.example'],
    ['a newline the URL parser would drop', '/\n/evil.example'],
    ['a leading space', ' //evil.example'],
    ['a dot segment that resolves to //', '/.//evil.example'],
    ['a dot-dot segment that resolves to //', '/rooms/..//evil.example'],
    ['an encoded dot segment', '/%2e//evil.example'],
    ['an encoded slash', '/%2F%2Fevil.example'],
    ['an encoded backslash', '/%5Cevil.example'],
    ['a double-encoded slash', '%252F%252Fevil.example'],
    ['an encoded CR LF (header splitting)', '/rooms%0d%0aSet-Cookie:%20sid=x'],
    ['a raw CR LF', '/rooms\r\nSet-Cookie: sid=x'],
    ['a full-width solidus', '/\uff0f/evil.example'],
    ['a user-info trick', '//user@evil.example'],
    ['an empty string', ''],
    ['the callback (a loop)', '/callback?code=x&state=y'],
    ['the sign-in itself (a loop)', '/signin?return_to=/rooms'],
    ['a very long path', `/${'a'.repeat(1024)}`],
  ])('rejects %s', (_name, value) => {
    expect(safeReturnTo(value, ORIGIN)).toBeUndefined();
  });

  it('rejects what is not a string', () => {
    for (const value of [undefined, null, 42, ['/rooms'], { toString: () => '/rooms' }])
      expect(safeReturnTo(value, ORIGIN)).toBeUndefined();
  });

  it('only ever gives a path that stays on the origin', () => {
    const tricky = ['/a/./b', '/a/../b', '/%2e%2e/b', '/..', '/.', '/a?next=//evil.example'];
    for (const value of tricky) {
      const result = safeReturnTo(value, ORIGIN);
      if (result !== undefined) {
        expect(result.startsWith('/') && !result.startsWith('//')).toBe(true);
        expect(new URL(result, ORIGIN).origin).toBe(ORIGIN);
      }
    }
    expect(safeReturnTo('/a?next=//evil.example', ORIGIN)).toBe('/a?next=//evil.example'); // a query, not a host
  });
});

describe('signInLink', () => {
  it('carries the path as return_to, or nothing for the default', () => {
    expect(signInLink('/rooms')).toBe('/signin?return_to=%2Frooms');
    expect(signInLink('/rooms?page=2')).toBe('/signin?return_to=%2Frooms%3Fpage%3D2');
    expect(signInLink(DEFAULT_RETURN_TO)).toBe('/signin');
    expect(signInLink(undefined)).toBe('/signin');
  });
});
