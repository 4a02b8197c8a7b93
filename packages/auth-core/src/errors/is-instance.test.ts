import { describe, expect, it, vi } from 'vitest';
import * as errors from '../errors.js';

const {
  AuthConfigError,
  AuthError,
  AuthHttpError,
  AuthResponseError,
  AuthTimeoutError,
  AuthUnavailableError,
} = errors;
type Family = typeof errors;

// One instance of every class, built from a given copy of the module, with the fields that the old
// duck-typed checks looked at (a status on AuthResponseError, an option, ...).
function instances(family: Family) {
  return {
    AuthError: new family.AuthError('ERR_X', 'x'),
    AuthConfigError: new family.AuthConfigError('baseUrl', '"baseUrl" is bad'),
    AuthHttpError: new family.AuthHttpError('ERR_AUTH_SERVER_ERROR', 'down', { status: 503 }),
    AuthTimeoutError: new family.AuthTimeoutError('slow', { timeoutMs: 5 }),
    AuthResponseError: new family.AuthResponseError('html, not json', { status: 503 }),
    AuthUnavailableError: new family.AuthUnavailableError('no token'),
  };
}

const classes = {
  AuthError,
  AuthConfigError,
  AuthHttpError,
  AuthTimeoutError,
  AuthResponseError,
  AuthUnavailableError,
};
type Name = keyof typeof classes;
const names = Object.keys(classes) as Name[];
const pairs = names.flatMap((made) => names.map((asked) => [made, asked] as const));

/** What `isInstance` must answer: every class knows its own instances, AuthError knows them all. */
const expected = (made: Name, asked: Name): boolean => made === asked || asked === 'AuthError';

describe('isInstance', () => {
  it.each(pairs)('%s checked as %s', (made, asked) => {
    const error = instances(errors)[made];
    expect(classes[asked].isInstance(error)).toBe(expected(made, asked));
    expect(error instanceof classes[asked]).toBe(expected(made, asked));
  });

  it.each(pairs)('%s from another installed copy, checked as %s', async (made, asked) => {
    vi.resetModules();
    // A query makes vitest load a second, independent copy of the module graph.
    const copy = (await import(
      /* @vite-ignore */ `${new URL('../errors.ts', import.meta.url).href}?another-copy`
    )) as Family;
    expect(copy.AuthHttpError).not.toBe(AuthHttpError);
    const error = instances(copy)[made];
    expect(classes[asked].isInstance(error)).toBe(expected(made, asked));
    expect(error instanceof classes[asked]).toBe(false);
  });

  it('is not fooled by look-alikes: fields without the brand', () => {
    const lookAlikes = [
      Object.assign(new Error('x'), {
        code: 'ERR_AUTH_SERVER_ERROR',
        status: 503,
        option: 'a',
        timeoutMs: 1,
      }),
      { name: 'AuthHttpError', code: 'ERR_AUTH_SERVER_ERROR', status: 503 },
      null,
      'ERR_AUTH_SERVER_ERROR',
    ];
    for (const value of lookAlikes)
      for (const name of names) expect(classes[name].isInstance(value)).toBe(false);
  });
});
