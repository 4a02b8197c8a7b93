import { afterEach, describe, expect, it } from 'vitest';
import { createCredentials } from '../src/credentials.js';
import { until } from '../src/undici/__fixtures__/harness.js';
import { withAuth } from '../src/with-auth.js';
import { json, type Loopback, startLoopback } from './fixtures/loopback.js';
import { staticStrategy } from './fixtures/strategies.js';

const servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function serve(handler: Parameters<typeof startLoopback>[0]): Promise<Loopback> {
  const server = await startLoopback(handler);
  servers.push(server);
  return server;
}

// The 401, redirect and body rules are tested for every transport in transports.test.ts.
describe('withAuth', () => {
  it('adds credentials to requests for the portal origin', async () => {
    const portal = await serve((_request, response) => json(response, 200, { ok: true }));
    const authed = withAuth(fetch, staticStrategy(), { baseUrl: portal.url });
    const response = await authed(`${portal.url}/api/2.0/people/@self`);
    expect(response.status).toBe(200);
    expect(portal.seen[0]?.headers.authorization).toBe('Bearer static-token');
  });

  it('takes fresh credentials from peekCredentials() without calling authenticate()', async () => {
    const portal = await serve((_request, response) => json(response, 200, {}));
    let authenticateCalls = 0;
    const strategy = {
      kind: 'peekable',
      authenticate: async () => {
        authenticateCalls += 1;
        throw new Error('authenticate() must not be needed');
      },
      peekCredentials: () =>
        createCredentials({ scheme: 'Bearer', headers: { authorization: 'Bearer peeked' } }),
    };
    const authed = withAuth(fetch, strategy, { baseUrl: portal.url });
    expect((await authed(`${portal.url}/x`)).status).toBe(200);
    expect(portal.seen[0]?.headers.authorization).toBe('Bearer peeked');
    expect(authenticateCalls).toBe(0);
  });

  it("times out with a typed error and honours the caller's signal", async () => {
    const portal = await serve(() => undefined); // never answers
    const authed = withAuth(fetch, staticStrategy(), { baseUrl: portal.url, timeoutMs: 50 });
    await expect(authed(`${portal.url}/slow`)).rejects.toMatchObject({
      code: 'ERR_AUTH_TIMEOUT',
      message: 'the request took longer than 50 ms',
    });
    const controller = new AbortController();
    const pending = authed(`${portal.url}/slow`, { signal: controller.signal });
    controller.abort(new Error('user cancelled'));
    await expect(pending).rejects.toThrow('user cancelled');
  });

  it("times each call on its own: one call's timeout never cuts another call's body", async () => {
    let finishBody: (() => void) | undefined;
    const portal = await serve((request, response) => {
      if (request.path !== '/streaming') return; // never answers
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('first ');
      finishBody = () => response.end('last');
    });
    const authed = withAuth(fetch, staticStrategy(), { baseUrl: portal.url, timeoutMs: 50 });
    const streaming = await authed(`${portal.url}/streaming`);
    const stalled = authed(`${portal.url}/stalled`);

    await expect(stalled).rejects.toMatchObject({ code: 'ERR_AUTH_TIMEOUT' });
    finishBody?.();
    expect(await streaming.text()).toBe('first last');
  });

  it("adds no deadline of its own with timeoutMs: false, and still honours the caller's signal", async () => {
    const portal = await serve(() => undefined); // never answers
    const signals: Array<AbortSignal | null | undefined> = [];
    const spy: typeof fetch = (input, init) => {
      signals.push(init?.signal);
      return fetch(input, init);
    };
    const authed = withAuth(spy, staticStrategy(), { baseUrl: portal.url, timeoutMs: false });
    const controller = new AbortController();
    const pending = authed(`${portal.url}/slow`, { signal: controller.signal });
    // Once the request is on the wire (an abort while authenticating stops before fetch is called).
    await until(() => portal.seen.length === 1);
    controller.abort(new Error('user cancelled'));
    await expect(pending).rejects.toThrow('user cancelled');
    expect(signals).toEqual([controller.signal]);

    const answering = await serve((_request, response) => json(response, 200, {}));
    const quick = withAuth(spy, staticStrategy(), { baseUrl: answering.url, timeoutMs: false });
    expect((await quick(`${answering.url}/x`)).status).toBe(200);
    expect(signals[1]).toBeUndefined();
  });

  it('checks a portal URL given as a URL object or in another spelling by its origin', async () => {
    const portal = await serve((_request, response) => json(response, 200, {}));
    const authed = withAuth(fetch, staticStrategy(), { baseUrl: portal.url });
    await authed(new URL('/a', portal.url));
    await authed(`${portal.url.replace('http:', 'HTTP:')}/b`);
    await authed(`${portal.url}/c`, { headers: { Authorization: 'Basic mine', 'X-Trace': 't' } });
    expect(portal.seen.map((seen) => seen.headers.authorization)).toEqual([
      'Bearer static-token',
      'Bearer static-token',
      'Bearer static-token',
    ]);
    expect(portal.seen[2]?.headers['x-trace']).toBe('t');
  });

  it('refuses an insecure portal URL and names the option', () => {
    expect(() => withAuth(fetch, staticStrategy(), { baseUrl: 'http://portal.example.com' })).toThrow(
      expect.objectContaining({
        code: 'ERR_AUTH_INSECURE_URL',
        option: 'baseUrl',
        message:
          '"baseUrl" must use https; plain http is allowed only for loopback hosts or with "allowInsecureHttp: true"',
      }),
    );
    expect(() => withAuth(fetch, {} as never, { baseUrl: 'https://portal.example.com' })).toThrow(
      '"strategy" must be an AuthStrategy with an authenticate() method',
    );
  });
});
