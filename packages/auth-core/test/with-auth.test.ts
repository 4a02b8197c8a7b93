import { afterEach, describe, expect, it } from 'vitest';
import { createCredentials } from '../src/credentials.js';
import { withAuth } from '../src/with-auth.js';
import { json, type Loopback, startLoopback } from './fixtures/loopback.js';
import { rotatingStrategy, staticStrategy } from './fixtures/strategies.js';

const servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function serve(handler: Parameters<typeof startLoopback>[0]): Promise<Loopback> {
  const server = await startLoopback(handler);
  servers.push(server);
  return server;
}

describe('withAuth', () => {
  it('adds credentials to requests for the portal origin', async () => {
    const portal = await serve((_request, response) => json(response, 200, { ok: true }));
    const authed = withAuth(fetch, staticStrategy(), { baseUrl: portal.url });
    const response = await authed(`${portal.url}/api/2.0/people/@self`);
    expect(response.status).toBe(200);
    expect(portal.seen[0]?.headers.authorization).toBe('Bearer static-token');
  });

  it('sends nothing to another origin', async () => {
    const portal = await serve((_request, response) => json(response, 200, {}));
    const other = await serve((_request, response) => json(response, 200, {}));
    const authed = withAuth(fetch, staticStrategy('Bearer x', { cookie: 'asc_auth_key=x' }), {
      baseUrl: portal.url,
    });
    await authed(`${other.url}/anything`);
    expect(other.seen[0]?.headers.authorization).toBeUndefined();
    expect(other.seen[0]?.headers.cookie).toBeUndefined();
  });

  it("drops credentials, and the caller's own, on a redirect to another origin", async () => {
    const other = await serve((_request, response) => json(response, 200, { landed: true }));
    const portal = await serve((request, response) => {
      if (request.path === '/start') {
        response.writeHead(302, { location: `${other.url}/landing` });
        response.end();
      } else json(response, 200, {});
    });
    const authed = withAuth(fetch, staticStrategy('Bearer portal-token', { cookie: 'asc_auth_key=pat' }), {
      baseUrl: portal.url,
    });
    const response = await authed(`${portal.url}/start`, {
      headers: { 'x-trace': '1', cookie: 'theme=dark' },
    });
    expect(await response.json()).toEqual({ landed: true });
    expect(portal.seen[0]?.headers.authorization).toBe('Bearer portal-token');
    expect(portal.seen[0]?.headers.cookie).toBe('theme=dark; asc_auth_key=pat');
    expect(other.seen[0]?.headers.authorization).toBeUndefined();
    expect(other.seen[0]?.headers.cookie).toBeUndefined();
    expect(other.seen[0]?.headers['x-trace']).toBe('1');
  });

  it('never gives credentials back once a redirect chain left the portal', async () => {
    const portal = await serve((request, response) => json(response, 200, { path: request.path }));
    const other = await serve((_request, response) => {
      response.writeHead(307, { location: `${portal.url}/api/2.0/people/@self` });
      response.end();
    });
    const authed = withAuth(fetch, staticStrategy(), { baseUrl: portal.url });
    await authed(`${other.url}/bounce`);
    expect(portal.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('follows same-origin redirects with credentials and turns a 303 into GET', async () => {
    const portal = await serve((request, response) => {
      if (request.path === '/form') {
        response.writeHead(303, { location: '/result' });
        response.end();
      } else json(response, 200, { method: request.method });
    });
    const authed = withAuth(fetch, staticStrategy(), { baseUrl: portal.url });
    const response = await authed(`${portal.url}/form`, {
      method: 'POST',
      body: 'a=1',
      headers: { 'content-type': 'text/plain' },
    });
    expect(await response.json()).toEqual({ method: 'GET' });
    expect(portal.seen[1]?.headers.authorization).toBe('Bearer static-token');
    expect(portal.seen[1]?.headers['content-type']).toBeUndefined();
  });

  it('retries once with fresh credentials after a 401', async () => {
    const portal = await serve((request, response) => {
      if (request.headers.authorization === 'Bearer token-1') {
        response.writeHead(401);
        response.end();
      } else json(response, 200, { body: request.body });
    });
    const strategy = rotatingStrategy();
    const authed = withAuth(fetch, strategy, { baseUrl: portal.url });
    const response = await authed(`${portal.url}/api/2.0/files`, { method: 'POST', body: '{"title":"x"}' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ body: '{"title":"x"}' });
    expect(portal.seen.map((request) => request.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
    expect(strategy.invalidated.map((credentials) => credentials.generation)).toEqual([1]);
  });

  it('returns the second 401 instead of looping', async () => {
    const portal = await serve((_request, response) => {
      response.writeHead(401);
      response.end();
    });
    const authed = withAuth(fetch, rotatingStrategy(), { baseUrl: portal.url });
    expect((await authed(`${portal.url}/x`)).status).toBe(401);
    expect(portal.seen).toHaveLength(2);
  });

  it('does not retry a 401 when the strategy cannot refresh', async () => {
    const portal = await serve((_request, response) => {
      response.writeHead(401);
      response.end();
    });
    const authed = withAuth(fetch, staticStrategy(), { baseUrl: portal.url });
    expect((await authed(`${portal.url}/x`)).status).toBe(401);
    expect(portal.seen).toHaveLength(1);
  });

  it('does not retry a 401 for a streamed body it cannot send again', async () => {
    const portal = await serve((_request, response) => {
      response.writeHead(401);
      response.end();
    });
    const authed = withAuth(fetch, rotatingStrategy(), { baseUrl: portal.url });
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('chunk'));
        controller.close();
      },
    });
    const response = await authed(`${portal.url}/upload`, {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(401);
    expect(portal.seen).toHaveLength(1);
    expect(portal.seen[0]?.body).toBe('chunk');
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
