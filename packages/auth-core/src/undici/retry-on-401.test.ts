import { Readable } from 'node:stream';
import { Agent, FormData, fetch, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError } from '../errors.js';
import {
  json,
  type Responder,
  startServer,
  type TestServer,
  testStrategy,
  until,
  withCachedCredentials,
} from './__fixtures__/harness.js';
import { createAuthDispatcher, createAuthInterceptor } from './index.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

/** A portal that accepts only `Bearer token-<accepted>` and answers 401 (with `body401`) otherwise. */
async function portal(accepted: number | null, body401 = ''): Promise<TestServer> {
  const respond: Responder = (seen, _index, response) => {
    if (accepted !== null && seen.headers.authorization === `Bearer token-${accepted}`) {
      json(response, 200, { response: seen.body || 'ok' });
    } else {
      response.writeHead(401, { 'content-length': Buffer.byteLength(body401) });
      response.end(body401);
    }
  };
  const started = await startServer(respond);
  cleanup.push(started.close);
  return started;
}

const authorizations = (server: TestServer) => server.requests.map((seen) => seen.headers.authorization);

/**
 * Every case runs through the interceptor in `compose()`, through `createAuthDispatcher` with a strategy
 * that has no cached credentials (undici's handler adapters), and through `createAuthDispatcher` with
 * cached credentials (undici.request's and fetch's handlers straight to the Agent, no adapters).
 */
const MODES = ['compose', 'dispatcher', 'dispatcher with cached credentials'] as const;

describe.each(MODES)('on 401 (%s)', (mode) => {
  /** The dispatcher under test; with cached credentials the strategy authenticates once first, so the request finds them. */
  async function agentFor(...[strategy, options]: Parameters<typeof createAuthInterceptor>) {
    const base = new Agent();
    cleanup.push(() => base.close());
    if (mode === 'compose') return base.compose(createAuthInterceptor(strategy, options));
    if (mode === 'dispatcher with cached credentials') await withCachedCredentials(strategy);
    return createAuthDispatcher(strategy, { ...options, dispatcher: base });
  }

  it('invalidates the rejected credentials and retries once with the new ones', async () => {
    const server = await portal(2);
    const strategy = testStrategy({ invalidate: true });
    const dispatcher = await agentFor(strategy, { baseUrl: server.origin });

    const response = await request(`${server.origin}/x`, { dispatcher });

    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ response: 'ok' });
    expect(authorizations(server)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(strategy.invalidated.map((credentials) => credentials.generation)).toEqual([1]);
  });

  it('sends a string body again on the retry, and retries undici.fetch GETs too', async () => {
    const server = await portal(2);
    const strategy = testStrategy({ invalidate: true });
    const dispatcher = await agentFor(strategy, { baseUrl: server.origin });

    const response = await request(`${server.origin}/x`, {
      dispatcher,
      method: 'POST',
      body: '{"title":"a"}',
    });
    expect(await response.body.json()).toEqual({ response: '{"title":"a"}' });
    expect(server.requests.map((seen) => seen.body)).toEqual(['{"title":"a"}', '{"title":"a"}']);

    const fresh = await portal(2);
    const fetched = await fetch(`${fresh.origin}/y`, {
      dispatcher: await agentFor(testStrategy({ invalidate: true }), { baseUrl: fresh.origin }),
    });
    expect(fetched.status).toBe(200);
    await fetched.arrayBuffer();
    expect(authorizations(fresh)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('sends a FormData body again on the retry', async () => {
    const server = await portal(2);
    const dispatcher = await agentFor(testStrategy({ invalidate: true }), { baseUrl: server.origin });
    const form = new FormData();
    form.append('title', 'report');

    const response = await request(`${server.origin}/upload`, { dispatcher, method: 'POST', body: form });

    expect(response.statusCode).toBe(200);
    await response.body.dump();
    expect(server.requests).toHaveLength(2);
    for (const seen of server.requests) expect(seen.body).toContain('name="title"\r\n\r\nreport');
  });

  it('drops the connection instead of draining a 401 body larger than 64 KiB, then retries', async () => {
    const server = await portal(2, 'x'.repeat(200_000));
    const dispatcher = await agentFor(testStrategy({ invalidate: true }), { baseUrl: server.origin });

    const response = await request(`${server.origin}/x`, { dispatcher });

    expect(response.statusCode).toBe(200);
    await response.body.dump();
    expect(authorizations(server)).toEqual(['Bearer token-1', 'Bearer token-2']);
    const first = server.requests[0]?.remotePort;
    await until(() => server.closedPorts.includes(first ?? -1));
  });

  it('passes the 401 through when the strategy has no invalidate()', async () => {
    const server = await portal(2, 'denied');
    const strategy = testStrategy();
    const dispatcher = await agentFor(strategy, { baseUrl: server.origin });

    const response = await request(`${server.origin}/x`, { dispatcher });

    expect(response.statusCode).toBe(401);
    expect(await response.body.text()).toBe('denied');
    expect(server.requests).toHaveLength(1);
    expect(strategy.authenticateCalls).toBe(1);
  });

  it('does not retry a request whose body is a stream', async () => {
    const server = await portal(2);
    const strategy = testStrategy({ invalidate: true });
    const dispatcher = await agentFor(strategy, { baseUrl: server.origin });

    const body = Readable.from([Buffer.from('chunk-1'), Buffer.from('chunk-2')]);
    const response = await request(`${server.origin}/upload`, { dispatcher, method: 'PUT', body });

    expect(response.statusCode).toBe(401);
    await response.body.dump();
    expect(server.requests.map((seen) => seen.body)).toEqual(['chunk-1chunk-2']);
    expect(strategy.invalidated).toEqual([]);
  });

  it('returns a second 401 instead of retrying again', async () => {
    const server = await portal(null, 'still denied');
    const strategy = testStrategy({ invalidate: true });
    const dispatcher = await agentFor(strategy, { baseUrl: server.origin });

    const response = await request(`${server.origin}/x`, { dispatcher });

    expect(response.statusCode).toBe(401);
    expect(await response.body.text()).toBe('still denied');
    expect(authorizations(server)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(strategy.invalidated).toHaveLength(1);
  });

  it('passes the 401 through, body intact, when authenticate() returns the same credentials', async () => {
    const server = await portal(2, 'denied');
    const strategy = testStrategy({ invalidate: true, sticky: true });
    const dispatcher = await agentFor(strategy, { baseUrl: server.origin });

    const response = await request(`${server.origin}/x`, { dispatcher });

    expect(response.statusCode).toBe(401);
    expect(await response.body.text()).toBe('denied');
    expect(server.requests).toHaveLength(1);
    expect(strategy.authenticateCalls).toBe(2);
  });

  it('fails with the strategy error when authenticating again after the 401 fails', async () => {
    const server = await portal(2);
    let calls = 0;
    const strategy = testStrategy({
      invalidate: true,
      authenticate: async () => {
        calls++;
        if (calls === 1)
          return { scheme: 'Bearer', headers: { authorization: 'Bearer token-1' }, generation: 1 };
        throw new AuthError('ERR_OAUTH_INVALID_GRANT', 'the refresh token was rejected');
      },
    });
    const dispatcher = await agentFor(strategy, { baseUrl: server.origin });

    await expect(request(`${server.origin}/x`, { dispatcher })).rejects.toMatchObject({
      code: 'ERR_OAUTH_INVALID_GRANT',
      message: 'the refresh token was rejected',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('rejects with the abort reason when the signal aborts while the 401 is being reconsidered', async () => {
    const server = await portal(2);
    const strategy = testStrategy({ invalidate: true });
    let invalidateCalls = 0;
    // invalidate() never settles: only the abort can end the request.
    strategy.invalidate = () => {
      invalidateCalls++;
      return new Promise<void>(() => undefined);
    };
    const dispatcher = await agentFor(strategy, { baseUrl: server.origin });

    const controller = new AbortController();
    const pending = request(`${server.origin}/x`, { dispatcher, signal: controller.signal });
    await until(() => invalidateCalls === 1);
    controller.abort(new Error('user gave up'));

    await expect(pending).rejects.toMatchObject({ name: 'Error', message: 'user gave up' });
    expect(server.requests).toHaveLength(1);
  });
});
