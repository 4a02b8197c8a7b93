import { Agent, fetch, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { AuthError } from '../src/errors.js';
import type { Credentials } from '../src/types.js';
import { closedAfterEach, startServer } from './fixtures/loopback.js';
import { testStrategy, until } from './fixtures/strategies.js';
import { createAuthInterceptor } from '../src/undici/index.js';

const { track, server } = closedAfterEach();

function agent(...interceptors: Parameters<Agent['compose']>): ReturnType<Agent['compose']> {
  const base = new Agent();
  track(() => base.close());
  return base.compose(...interceptors);
}

describe('createAuthInterceptor', () => {
  it('adds the credentials to requests for the portal origin (undici.request and undici.fetch)', async () => {
    const portal = await server();
    const strategy = testStrategy({ cookie: 'asc_auth_key=pat' });
    const dispatcher = agent(createAuthInterceptor(strategy, { baseUrl: `${portal.origin}/` }));

    const response = await request(`${portal.origin}/api/2.0/people/@self`, { dispatcher });
    expect(await response.body.json()).toEqual({ ok: true });
    const fetched = await fetch(`${portal.origin}/api/2.0/files`, { dispatcher });
    expect(fetched.status).toBe(200);
    await fetched.arrayBuffer();

    expect(
      portal.requests.map((seen) => [seen.path, seen.headers.authorization, seen.headers.cookie]),
    ).toEqual([
      ['/api/2.0/people/@self', 'Bearer token-1', 'asc_auth_key=pat-1'],
      ['/api/2.0/files', 'Bearer token-1', 'asc_auth_key=pat-1'],
    ]);
  });

  it.each([
    ['an object', { Cookie: 'theme=dark; asc_auth_key=old', Authorization: 'Basic x', 'X-Trace': 'a' }],
    ['a flat array', ['Cookie', 'theme=dark; asc_auth_key=old', 'Authorization', 'Basic x', 'X-Trace', 'a']],
    [
      'an array of pairs',
      [
        ['cookie', 'theme=dark; asc_auth_key=old'],
        ['authorization', 'Basic x'],
        ['x-trace', 'a'],
      ],
    ],
    [
      'an iterable',
      new Map([
        ['cookie', 'theme=dark; asc_auth_key=old'],
        ['authorization', 'Basic x'],
        ['x-trace', 'a'],
      ]),
    ],
  ])('merges the cookie and replaces Authorization when headers are %s', async (_form, headers) => {
    const portal = await server();
    const strategy = testStrategy({ cookie: 'asc_auth_key=pat' });
    const dispatcher = agent(createAuthInterceptor(strategy, { baseUrl: portal.origin }));

    const response = await request(`${portal.origin}/x`, { dispatcher, headers: headers as never });
    await response.body.dump();

    expect(portal.requests[0]?.headers).toMatchObject({
      authorization: 'Bearer token-1',
      cookie: 'theme=dark; asc_auth_key=pat-1',
      'x-trace': 'a',
    });
  });

  it('leaves requests for other origins untouched and never authenticates for them', async () => {
    const portal = await server();
    const other = await server();
    const strategy = testStrategy();
    const dispatcher = agent(createAuthInterceptor(strategy, { baseUrl: portal.origin }));

    const response = await request(`${other.origin}/page`, { dispatcher, headers: { cookie: 'mine=1' } });
    await response.body.dump();

    expect(other.requests[0]?.headers.authorization).toBeUndefined();
    expect(other.requests[0]?.headers.cookie).toBe('mine=1');
    expect(strategy.authenticateCalls).toBe(0);
  });

  it('fails the request with the strategy error and sends nothing when authenticate() fails', async () => {
    const portal = await server();
    const strategy = testStrategy({
      authenticate: async () => {
        throw new AuthError('ERR_AUTH_UNAVAILABLE', 'no stored token for "default"');
      },
    });
    const dispatcher = agent(createAuthInterceptor(strategy, { baseUrl: portal.origin }));

    const failure = await request(`${portal.origin}/x`, { dispatcher }).catch((error: unknown) => error);
    expect(AuthError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ code: 'ERR_AUTH_UNAVAILABLE', message: 'no stored token for "default"' });
    const fetchFailure = await fetch(`${portal.origin}/x`, { dispatcher }).catch((error: unknown) => error);
    expect((fetchFailure as TypeError).cause).toMatchObject({ code: 'ERR_AUTH_UNAVAILABLE' });
    expect(portal.requests).toHaveLength(0);
  });

  it('fails with ERR_AUTH_BAD_CREDENTIALS when authenticate() resolves to nothing', async () => {
    const portal = await server();
    const strategy = testStrategy({ authenticate: async () => undefined as unknown as Credentials });
    const dispatcher = agent(createAuthInterceptor(strategy, { baseUrl: portal.origin }));

    await expect(request(`${portal.origin}/x`, { dispatcher })).rejects.toMatchObject({
      code: 'ERR_AUTH_BAD_CREDENTIALS',
      message: 'the strategy "test" returned no credentials',
    });
    expect(portal.requests).toHaveLength(0);
  });

  it('rejects with the abort reason when the signal aborts while authenticating', async () => {
    const portal = await server();
    // authenticate() never settles and ignores its signal: the abort alone must end the request.
    const strategy = testStrategy({ authenticate: () => new Promise<Credentials>(() => undefined) });
    const dispatcher = agent(createAuthInterceptor(strategy, { baseUrl: portal.origin }));

    const controller = new AbortController();
    const pending = request(`${portal.origin}/x`, { dispatcher, signal: controller.signal });
    await until(() => strategy.authenticateCalls === 1);
    controller.abort(new Error('user gave up'));

    await expect(pending).rejects.toMatchObject({ name: 'Error', message: 'user gave up' });
    expect(strategy.signals[0]?.aborted).toBe(true);

    const fetchController = new AbortController();
    const fetching = fetch(`${portal.origin}/x`, { dispatcher, signal: fetchController.signal });
    await until(() => strategy.authenticateCalls === 2);
    fetchController.abort();
    await expect(fetching).rejects.toMatchObject({ name: 'AbortError' });
    // fetch aborts through undici's controller, not a signal in the dispatch options: the exchange fails at
    // once and ignores the late credentials; the strategy's own (shared) work is not cancelled.
    expect(strategy.signals[1]).toBeUndefined();
    expect(portal.requests).toHaveLength(0);
  });

  it('does not authenticate or send when the signal is already aborted', async () => {
    const portal = await server();
    const strategy = testStrategy();
    const dispatcher = agent(createAuthInterceptor(strategy, { baseUrl: portal.origin }));

    const signal = AbortSignal.abort(new Error('too late'));
    await expect(request(`${portal.origin}/x`, { dispatcher, signal })).rejects.toMatchObject({
      message: 'too late',
    });
    expect(strategy.authenticateCalls).toBe(0);
    expect(portal.requests).toHaveLength(0);
  });

  it('surfaces a connection error to the portal without hanging', async () => {
    const closed = await startServer();
    await closed.close();
    const dispatcher = agent(createAuthInterceptor(testStrategy(), { baseUrl: closed.origin }));

    await expect(request(`${closed.origin}/x`, { dispatcher })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('adds credentials to 50 parallel requests', async () => {
    const portal = await server();
    const strategy = testStrategy({
      authenticate: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return { scheme: 'Bearer', headers: { authorization: 'Bearer shared' } };
      },
    });
    const dispatcher = agent(createAuthInterceptor(strategy, { baseUrl: portal.origin }));

    const statuses = await Promise.all(
      Array.from({ length: 50 }, async (_, index) => {
        const response = await request(`${portal.origin}/item/${index}`, { dispatcher });
        await response.body.dump();
        return response.statusCode;
      }),
    );

    expect(statuses).toEqual(Array(50).fill(200));
    expect(portal.requests).toHaveLength(50);
    expect(new Set(portal.requests.map((seen) => seen.headers.authorization))).toEqual(
      new Set(['Bearer shared']),
    );
    expect(new Set(portal.requests.map((seen) => seen.path)).size).toBe(50);
  });

  it('validates its options with AuthConfigError naming the option', () => {
    const strategy = testStrategy();
    const cases: Array<[() => unknown, string, string, string]> = [
      [
        () => createAuthInterceptor({} as never, { baseUrl: 'https://p.example' }),
        'strategy',
        'ERR_AUTH_INVALID_OPTION',
        '"strategy" must be an AuthStrategy with an authenticate() method',
      ],
      [
        () => createAuthInterceptor(strategy, undefined as never),
        'options',
        'ERR_AUTH_INVALID_OPTION',
        '"options" must be an object',
      ],
      [
        () => createAuthInterceptor(strategy, { baseUrl: 'not a url' }),
        'baseUrl',
        'ERR_AUTH_INVALID_OPTION',
        '"baseUrl" is not a valid absolute URL',
      ],
      [
        () => createAuthInterceptor(strategy, { baseUrl: 'http://p.example' }),
        'baseUrl',
        'ERR_AUTH_INSECURE_URL',
        '"baseUrl" must use https; plain http is allowed only for loopback hosts or with "allowInsecureHttp: true"',
      ],
      [
        () =>
          createAuthInterceptor(strategy, {
            baseUrl: 'https://p.example',
            allowInsecureHttp: 'yes' as never,
          }),
        'allowInsecureHttp',
        'ERR_AUTH_INVALID_OPTION',
        '"allowInsecureHttp" must be a boolean',
      ],
      [
        () =>
          createAuthInterceptor({ ...strategy, invalidate: 1 } as never, { baseUrl: 'https://p.example' }),
        'strategy.invalidate',
        'ERR_AUTH_INVALID_OPTION',
        '"strategy.invalidate" must be a function when present',
      ],
    ];
    for (const [create, option, code, message] of cases) {
      expect(create).toThrow(expect.objectContaining({ name: 'AuthConfigError', option, code, message }));
    }
    expect(
      typeof createAuthInterceptor(strategy, { baseUrl: 'http://p.example', allowInsecureHttp: true }),
    ).toBe('function');
  });
});
