import { Agent, fetch, interceptors, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { json, type Responder, startServer, type TestServer, testStrategy } from './__fixtures__/harness.js';
import { createAuthInterceptor } from './index.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

async function server(respond?: Responder): Promise<TestServer> {
  const started = await startServer(respond);
  cleanup.push(started.close);
  return started;
}

/** A portal that redirects `/away` to `target` and `/here` to its own `/landing`. */
async function redirectingPortal(target: () => string): Promise<TestServer> {
  return server((seen, _index, response) => {
    if (seen.url === '/away')
      response.writeHead(302, { location: `${target()}/landing`, 'content-length': 0 }).end();
    else if (seen.url === '/here')
      response.writeHead(307, { location: '/landing', 'content-length': 0 }).end();
    else json(response, 200, { at: seen.url });
  });
}

describe('createAuthInterceptor with undici redirects', () => {
  it('never sends credentials to another origin when composed before interceptors.redirect', async () => {
    const other = await server();
    const portal = await redirectingPortal(() => other.origin);
    const strategy = testStrategy({ cookie: 'asc_auth_key=pat' });
    const base = new Agent();
    cleanup.push(() => base.close());
    // The recommended order: auth first, redirect last (outermost), so every hop passes through auth.
    const dispatcher = base.compose(
      createAuthInterceptor(strategy, { baseUrl: portal.origin }),
      interceptors.redirect({ maxRedirections: 3 }),
    );

    const response = await request(`${portal.origin}/away`, {
      dispatcher,
      headers: { cookie: 'mine=1', 'x-trace': 'a' },
    });

    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ ok: true });
    expect(portal.requests[0]?.headers).toMatchObject({
      authorization: 'Bearer token-1',
      cookie: 'mine=1; asc_auth_key=pat-1',
    });
    expect(other.requests.map((seen) => seen.url)).toEqual(['/landing']);
    expect(other.requests[0]?.headers.authorization).toBeUndefined();
    expect(other.requests[0]?.headers.cookie).toBeUndefined();
    expect(other.requests[0]?.headers['x-trace']).toBe('a');
  });

  it('keeps credentials on a redirect within the portal', async () => {
    const portal = await redirectingPortal(() => 'http://unused.invalid');
    const base = new Agent();
    cleanup.push(() => base.close());
    const dispatcher = base.compose(
      createAuthInterceptor(testStrategy(), { baseUrl: portal.origin }),
      interceptors.redirect({ maxRedirections: 3 }),
    );

    const response = await request(`${portal.origin}/here`, { dispatcher });

    expect(await response.body.json()).toEqual({ at: '/landing' });
    expect(portal.requests.map((seen) => [seen.url, seen.headers.authorization])).toEqual([
      ['/here', 'Bearer token-1'],
      ['/landing', 'Bearer token-1'],
    ]);
  });

  it('never sends credentials to another origin when undici.fetch follows the redirect', async () => {
    const other = await server();
    const portal = await redirectingPortal(() => other.origin);
    const base = new Agent();
    cleanup.push(() => base.close());
    const strategy = testStrategy({ cookie: 'asc_auth_key=pat' });
    const dispatcher = base.compose(createAuthInterceptor(strategy, { baseUrl: portal.origin }));

    const response = await fetch(`${portal.origin}/away`, { dispatcher });

    expect(await response.json()).toEqual({ ok: true });
    expect(portal.requests[0]?.headers.authorization).toBe('Bearer token-1');
    expect(other.requests.map((seen) => seen.url)).toEqual(['/landing']);
    expect(other.requests[0]?.headers.authorization).toBeUndefined();
    expect(other.requests[0]?.headers.cookie).toBeUndefined();
  });
});
