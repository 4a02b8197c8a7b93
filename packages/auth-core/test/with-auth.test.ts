import { afterEach, describe, expect, it } from 'vitest';
import { createCredentials } from '../src/credentials.js';
import { until } from './fixtures/strategies.js';
import { withAuth } from '../src/with-auth.js';
import { json, type LoopbackServer, startLoopbackServer } from './fixtures/loopback.js';
import { staticStrategy } from './fixtures/strategies.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function serve(handler: Parameters<typeof startLoopbackServer>[0]): Promise<LoopbackServer> {
  const server = await startLoopbackServer(handler);
  servers.push(server);
  return server;
}

// The 401, redirect and body rules are tested for every transport in transports.test.ts.
describe('withAuth', () => {
  it('adds credentials to requests for the portal origin', async () => {
    const portal = await serve((_request, response) => json(response, 200, { ok: true }));
    const authed = withAuth(fetch, staticStrategy(), { baseUrl: portal.origin });
    const response = await authed(`${portal.origin}/api/2.0/people/@self`);
    expect(response.status).toBe(200);
    expect(portal.requests[0]?.headers.authorization).toBe('Bearer static-token');
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
    const authed = withAuth(fetch, strategy, { baseUrl: portal.origin });
    expect((await authed(`${portal.origin}/x`)).status).toBe(200);
    expect(portal.requests[0]?.headers.authorization).toBe('Bearer peeked');
    expect(authenticateCalls).toBe(0);
  });

  it("times out with a typed error and honours the caller's signal", async () => {
    const portal = await serve(() => undefined); // never answers
    const authed = withAuth(fetch, staticStrategy(), { baseUrl: portal.origin, timeoutMs: 50 });
    await expect(authed(`${portal.origin}/slow`)).rejects.toMatchObject({
      code: 'ERR_AUTH_TIMEOUT',
      message: 'the request took longer than 50 ms',
    });
    const controller = new AbortController();
    const pending = authed(`${portal.origin}/slow`, { signal: controller.signal });
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
    const authed = withAuth(fetch, staticStrategy(), { baseUrl: portal.origin, timeoutMs: 50 });
    const streaming = await authed(`${portal.origin}/streaming`);
    const stalled = authed(`${portal.origin}/stalled`);

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
    const authed = withAuth(spy, staticStrategy(), { baseUrl: portal.origin, timeoutMs: false });
    const controller = new AbortController();
    const pending = authed(`${portal.origin}/slow`, { signal: controller.signal });
    // Once the request is on the wire (an abort while authenticating stops before fetch is called).
    await until(() => portal.requests.length === 1);
    controller.abort(new Error('user cancelled'));
    await expect(pending).rejects.toThrow('user cancelled');
    expect(signals).toEqual([controller.signal]);

    const answering = await serve((_request, response) => json(response, 200, {}));
    const quick = withAuth(spy, staticStrategy(), { baseUrl: answering.origin, timeoutMs: false });
    expect((await quick(`${answering.origin}/x`)).status).toBe(200);
    expect(signals[1]).toBeUndefined();
  });

  it('lets the browser follow a redirect it hides (an opaque redirect, status 0), on the cached path and off it', async () => {
    const portal = 'https://portal.example.com';
    for (const peek of [true, false]) {
      const calls: Array<{ url: string; redirect: RequestRedirect | undefined; authorization: unknown }> = [];
      // What a browser's fetch answers to redirect: 'manual': the Location is hidden.
      const browserFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
        const headers = init?.headers as Record<string, string> | undefined;
        calls.push({ url: String(input), redirect: init?.redirect, authorization: headers?.authorization });
        if (init?.redirect === 'manual') {
          return { type: 'opaqueredirect', status: 0, headers: new Headers() } as unknown as Response;
        }
        return new Response('landed', { status: 200 });
      };
      const credentials = createCredentials({ scheme: 'Bearer', headers: { authorization: 'Bearer b' } });
      const strategy = {
        kind: 'browser',
        authenticate: async () => credentials,
        ...(peek ? { peekCredentials: () => credentials } : {}),
      };
      const authed = withAuth(browserFetch, strategy, { baseUrl: portal, timeoutMs: false });

      const response = await authed(`${portal}/api/2.0/files/file/1/presigned`);

      expect(await response.text()).toBe('landed');
      expect(calls).toEqual([
        { url: `${portal}/api/2.0/files/file/1/presigned`, redirect: 'manual', authorization: 'Bearer b' },
        { url: `${portal}/api/2.0/files/file/1/presigned`, redirect: 'follow', authorization: 'Bearer b' },
      ]);
    }
  });

  it('checks a portal URL given as a URL object or in another spelling by its origin', async () => {
    const portal = await serve((_request, response) => json(response, 200, {}));
    const authed = withAuth(fetch, staticStrategy(), { baseUrl: portal.origin });
    await authed(new URL('/a', portal.origin));
    await authed(`${portal.origin.replace('http:', 'HTTP:')}/b`);
    await authed(`${portal.origin}/c`, { headers: { Authorization: 'Basic mine', 'X-Trace': 't' } });
    expect(portal.requests.map((seen) => seen.headers.authorization)).toEqual([
      'Bearer static-token',
      'Bearer static-token',
      'Bearer static-token',
    ]);
    expect(portal.requests[2]?.headers['x-trace']).toBe('t');
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
