import { describe, expect, it } from 'vitest';
import { createCredentials } from '../credentials.js';
import { mergeCookies } from '../credential-headers.js';
import { withCredentialHeaders } from './request-headers.js';

const bearer = createCredentials({ scheme: 'Bearer', headers: { Authorization: 'Bearer t' } });
const withCookie = createCredentials({
  scheme: 'Bearer',
  headers: { authorization: 'Bearer t', cookie: 'asc_auth_key=k' },
});

describe('withCredentialHeaders', () => {
  it('lower-cases names, keeps repeated fields and drops undefined values', () => {
    const input = ['X-A', '1', 'x-a', '2', Buffer.from('X-B'), Buffer.from('b'), 'x-c', undefined];
    expect(withCredentialHeaders(input, bearer)).toEqual({
      'x-a': ['1', '2'],
      'x-b': 'b',
      authorization: 'Bearer t',
    });
    expect(input).toHaveLength(8);
  });

  it('replaces the caller Authorization whatever its case, and adds it to empty headers', () => {
    expect(withCredentialHeaders({ AUTHORIZATION: 'Basic old' }, bearer)).toEqual({
      authorization: 'Bearer t',
    });
    expect(withCredentialHeaders(null, bearer)).toEqual({ authorization: 'Bearer t' });
    expect(withCredentialHeaders(undefined, withCookie)).toEqual({
      authorization: 'Bearer t',
      cookie: 'asc_auth_key=k',
    });
  });

  it('merges cookies from repeated Cookie fields and replaces a cookie of the same name', () => {
    const headers = [
      ['cookie', 'a=1'],
      ['Cookie', 'asc_auth_key=stale; b=2'],
    ];
    expect(withCredentialHeaders(headers, withCookie).cookie).toBe('a=1; b=2; asc_auth_key=k');
    expect(withCredentialHeaders(new Headers({ cookie: 'a=1' }), withCookie).cookie).toBe(
      'a=1; asc_auth_key=k',
    );
  });

  it('merges names that differ only in case in a plain object, and keeps array values', () => {
    const input = { Accept: 'a', accept: ['b', 'c'], 'X-N': 1 };
    expect(withCredentialHeaders(input, bearer)).toEqual({
      accept: ['a', 'b', 'c'],
      'x-n': '1',
      authorization: 'Bearer t',
    });
    expect(input).toEqual({ Accept: 'a', accept: ['b', 'c'], 'X-N': 1 });
  });

  it('never takes a name of Object.prototype for a field the caller sent', () => {
    const result = withCredentialHeaders({ constructor: 'x', toString: 'y' }, withCookie);
    expect(result).toEqual({
      constructor: 'x',
      tostring: 'y',
      authorization: 'Bearer t',
      cookie: 'asc_auth_key=k',
    });
    expect(withCredentialHeaders({ hasOwnProperty: 'z' }, bearer)).toEqual({
      hasownproperty: 'z',
      authorization: 'Bearer t',
    });
  });

  it('merges the credential cookie into a Cookie sent as an array of values', () => {
    const result = withCredentialHeaders({ Cookie: ['a=1', 'asc_auth_key=old; b'] }, withCookie);
    expect(result.cookie).toBe('a=1; b; asc_auth_key=k');
  });

  it('keeps a header literally named __proto__ as a plain field', () => {
    const result = withCredentialHeaders(['__proto__', 'x'], bearer);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(['__proto__', 'authorization']);
  });

  it('treats a plain object with its own Symbol.iterator key as an iterable, like undici', () => {
    const iterable = {
      *[Symbol.iterator]() {
        yield ['X-Id', '7'];
      },
    };
    expect(withCredentialHeaders(iterable, bearer)).toEqual({ 'x-id': '7', authorization: 'Bearer t' });
  });
});

describe('mergeCookies', () => {
  it('keeps other cookies, replaces same-named ones and handles an empty header', () => {
    expect(mergeCookies('', 'k=1')).toBe('k=1');
    expect(mergeCookies(' a=1 ;; k=0 ', 'k=1')).toBe('a=1; k=1');
  });
});
