// Hostile input to public APIs (issue 16, findings 9 and 11): a typed error naming the option, never a
// raw TypeError, and never a password in a message.
import { describe, expect, it } from 'vitest';
import { chainStrategies } from '../src/chain-strategies.js';
import { createDocSpaceClient, resolveUrl } from '../src/docspace-client.js';
import { redactError } from '../src/errors.js';
import { networkError } from '../src/http.js';
import { createTokenManager } from '../src/token-manager.js';
import { staticStrategy } from './fixtures/strategies.js';

/** The error `run` throws or rejects with, as `{ name, code, message }`. */
async function failure(run: () => unknown): Promise<{ name: string; code: unknown; message: string }> {
  try {
    await run();
  } catch (error) {
    const caught = error as Error & { code?: unknown };
    return { name: caught.name, code: caught.code, message: caught.message };
  }
  throw new Error('expected a failure');
}

const portal = new URL('http://127.0.0.1:9');

describe('createDocSpaceClient', () => {
  it('refuses a same-origin URL with a password before fetch can quote it in an error', async () => {
    const client = createDocSpaceClient({
      baseUrl: 'http://127.0.0.1:9',
      auth: staticStrategy(),
      retries: 0,
    });
    const error = await failure(() => client.get('http://user:hunter2@127.0.0.1:9/api/2.0/people/@self'));
    expect(error.message).not.toContain('hunter2');
    expect(error).toEqual({
      name: 'AuthConfigError',
      code: 'ERR_AUTH_INVALID_OPTION',
      message: '"path" must not contain a user name or password',
    });
  });

  it('reports "http:" as an invalid path, not as a retryable network error', async () => {
    let fetched = 0;
    const client = createDocSpaceClient({
      baseUrl: 'http://127.0.0.1:9',
      fetch: async () => {
        fetched += 1;
        throw new TypeError('fetch failed');
      },
    });
    const error = await failure(() => client.get('http:'));
    expect(error).toEqual({
      name: 'AuthConfigError',
      code: 'ERR_AUTH_INVALID_OPTION',
      message: '"path" is not a valid URL',
    });
    expect(fetched).toBe(0);
  });
});

describe('resolveUrl', () => {
  it('throws AuthConfigError, not a TypeError, for an absolute URL that does not parse', async () => {
    expect(await failure(() => resolveUrl(portal, 'http://['))).toEqual({
      name: 'AuthConfigError',
      code: 'ERR_AUTH_INVALID_OPTION',
      message: '"path" is not a valid URL',
    });
  });
});

describe('networkError', () => {
  it('blanks the user name and password of a URL that the transport quotes', () => {
    const quoted = new TypeError(
      'Request cannot be constructed from a URL that includes credentials: http://user:hunter2@portal.example.com/x',
    );
    const error = networkError(quoted, 'GET https://portal.example.com/x');
    expect({ code: error.code, message: error.message }).toEqual({
      code: 'ERR_AUTH_NETWORK',
      message:
        'GET https://portal.example.com/x failed: Request cannot be constructed from a URL that includes credentials: http://[redacted]@portal.example.com/x',
    });
    expect(String((error.cause as Error).message)).not.toContain('hunter2');
    expect(redactError(quoted).message).not.toContain('hunter2');
  });
});

describe('chainStrategies', () => {
  it.each([
    ['a number', 5],
    ['null', null],
    ['a string', 'apikey'],
  ])('throws AuthConfigError for %s instead of a TypeError', async (_label, value) => {
    expect(await failure(() => chainStrategies(value as never))).toEqual({
      name: 'AuthConfigError',
      code: 'ERR_AUTH_INVALID_OPTION',
      message: '"strategies[0]" is not an AuthStrategy',
    });
  });

  it('throws AuthConfigError for a "fallThroughOn" that is not a function', async () => {
    expect(await failure(() => chainStrategies(staticStrategy(), { fallThroughOn: 'yes' as never }))).toEqual(
      {
        name: 'AuthConfigError',
        code: 'ERR_AUTH_INVALID_OPTION',
        message: '"fallThroughOn" must be a function',
      },
    );
  });
});

describe('createTokenManager', () => {
  it('throws AuthConfigError for "store: null" instead of a TypeError', async () => {
    const error = await failure(() =>
      createTokenManager({ obtain: async () => ({}), store: null as never, key: 'user' }),
    );
    expect(error).toEqual({
      name: 'AuthConfigError',
      code: 'ERR_AUTH_INVALID_OPTION',
      message: '"store" must implement get() and compareAndSet()',
    });
  });
});
