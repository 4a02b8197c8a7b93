import { Agent, fetch, interceptors, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { AuthConfigError } from '../src/errors.js';
import { closedAfterEach } from './fixtures/loopback.js';
import { type TestStrategy, testStrategy, until, withCachedCredentials } from './fixtures/strategies.js';
import { createAuthDispatcher } from '../src/undici/index.js';

const { track, server } = closedAfterEach();

function baseAgent(): Agent {
  const base = new Agent();
  track(() => base.close());
  return base;
}

/** A refreshable test strategy with cached credentials. */
const cachingStrategy = (options: Parameters<typeof testStrategy>[0]): Promise<TestStrategy> =>
  withCachedCredentials(testStrategy(options));

describe('createAuthDispatcher', () => {
  it('adds credentials for the portal only, for undici.request and undici.fetch', async () => {
    const portal = await server();
    const other = await server();
    const strategy = await cachingStrategy({ invalidate: true });
    const dispatcher = createAuthDispatcher(strategy, { baseUrl: portal.origin, dispatcher: baseAgent() });

    await (await request(`${portal.origin}/a`, { dispatcher })).body.dump();
    await (await fetch(`${portal.origin}/b`, { dispatcher })).arrayBuffer();
    await (
      await request(`${other.origin}/c`, { dispatcher, headers: { authorization: 'mine' } })
    ).body.dump();

    expect(portal.requests.map((seen) => seen.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-1',
    ]);
    expect(other.requests.map((seen) => seen.headers.authorization)).toEqual(['mine']);
    expect(strategy.authenticateCalls).toBe(1);
  });

  it('aborts the live request when the caller aborts, on the cached path of a refreshable strategy', async () => {
    const portal = await server(() => undefined); // never answers
    const strategy = await cachingStrategy({ invalidate: true });
    const dispatcher = createAuthDispatcher(strategy, { baseUrl: portal.origin, dispatcher: baseAgent() });
    const controller = new AbortController();

    const pending = request(`${portal.origin}/slow`, { dispatcher, signal: controller.signal });
    await until(() => portal.requests.length === 1);
    controller.abort(new Error('user gave up'));

    await expect(pending).rejects.toMatchObject({ name: 'Error', message: 'user gave up' });
    await until(() => portal.closedPorts.length === 1);
  });

  it('composes with interceptors.redirect(): no credentials after a hop to another origin', async () => {
    const elsewhere = await server();
    const portal = await server((_seen, _index, response) => {
      response.writeHead(302, { location: `${elsewhere.origin}/landing` });
      response.end();
    });
    const strategy = await cachingStrategy({ invalidate: true, cookie: 'asc_auth_key=pat' });
    const base = new Agent();
    const dispatcher = createAuthDispatcher(strategy, {
      baseUrl: portal.origin,
      dispatcher: base,
    }).compose(interceptors.redirect({ maxRedirections: 2 }));

    const response = await request(`${portal.origin}/start`, { dispatcher });

    expect(response.statusCode).toBe(200);
    await response.body.dump();
    expect(portal.requests[0]?.headers.authorization).toBe('Bearer token-1');
    expect(elsewhere.requests[0]?.headers).not.toHaveProperty('authorization');
    expect(elsewhere.requests[0]?.headers).not.toHaveProperty('cookie');
    await dispatcher.close(); // through compose()'s Proxy
    expect(base.closed).toBe(true);
  });

  it('retries a 401 for a caller speaking the legacy handler protocol (undici 7, Node’s built-in fetch)', async () => {
    const portal = await server((seen, _index, response) => {
      const ok = seen.headers.authorization === 'Bearer token-2';
      response.writeHead(ok ? 200 : 401, { 'x-answer': ok ? 'fresh' : 'stale' });
      response.end(ok ? 'hello' : 'no');
    });
    const strategy = await cachingStrategy({ invalidate: true });
    // On undici 8 this reaches an undici 8 Agent, which takes only the current protocol.
    const dispatcher = createAuthDispatcher(strategy, { baseUrl: portal.origin, dispatcher: baseAgent() });
    const answer = await new Promise<{ status: number; headers: string[]; body: string }>(
      (resolve, reject) => {
        let status = 0;
        let headers: string[] = [];
        const chunks: Buffer[] = [];
        const legacyHandler = {
          onConnect(): void {},
          onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
            status = statusCode;
            headers = rawHeaders.map((field) => field.toString('latin1').toLowerCase());
            return true;
          },
          onData(chunk: Buffer): boolean {
            chunks.push(chunk);
            return true;
          },
          onComplete(): void {
            resolve({ status, headers, body: Buffer.concat(chunks).toString() });
          },
          onError: reject,
        };
        dispatcher.dispatch(
          { origin: portal.origin, path: '/legacy', method: 'GET' },
          legacyHandler as unknown as Parameters<typeof dispatcher.dispatch>[1],
        );
      },
    );

    expect(answer.status).toBe(200);
    expect(answer.body).toBe('hello');
    expect(answer.headers).toEqual(expect.arrayContaining(['x-answer', 'fresh']));
    expect(portal.requests.map((seen) => seen.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
  });

  it('keeps backpressure on a large answer through the 401 exchange: an unread body stops the server', async () => {
    const total = 64 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let written = 0;
    const portal = await server((_seen, _index, response) => {
      response.writeHead(200, { 'content-length': total });
      const pump = (): void => {
        while (written < total) {
          written += chunk.length;
          if (!response.write(chunk)) {
            response.once('drain', pump);
            return;
          }
        }
        response.end();
      };
      pump();
    });
    const strategy = await cachingStrategy({ invalidate: true });
    const dispatcher = createAuthDispatcher(strategy, { baseUrl: portal.origin, dispatcher: baseAgent() });

    const { statusCode, body } = await request(`${portal.origin}/large`, { dispatcher });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const writtenWhileUnread = written;
    let received = 0;
    for await (const part of body) received += (part as Buffer).length;

    expect(statusCode).toBe(200);
    expect(received).toBe(total);
    // Paused, the server stops once the socket buffers are full (a few MiB on loopback), not at 64 MiB.
    expect(writtenWhileUnread).toBeLessThan(total / 2);
  });

  it('passes connection events on and closes the dispatcher it wraps', async () => {
    const portal = await server();
    const base = new Agent();
    const dispatcher = createAuthDispatcher(testStrategy(), { baseUrl: portal.origin, dispatcher: base });
    const connected: string[] = [];
    dispatcher.on('connect', (origin) => connected.push(String(origin)));

    await (await request(`${portal.origin}/x`, { dispatcher })).body.dump();
    await dispatcher.close();

    expect(connected).toEqual([`${portal.origin}/`]);
    expect(base.closed).toBe(true);
  });

  it('rejects a dispatcher option that is not a dispatcher, naming it', () => {
    expect(() =>
      createAuthDispatcher(testStrategy(), {
        baseUrl: 'https://portal.example.com',
        dispatcher: {} as Agent,
      }),
    ).toThrowError(
      expect.objectContaining({
        name: AuthConfigError.name,
        code: 'ERR_AUTH_INVALID_OPTION',
        option: 'dispatcher',
        message: '"dispatcher" must be an undici Dispatcher (an Agent, a Pool, ...)',
      }),
    );
    expect(() => createAuthDispatcher(testStrategy(), { baseUrl: 'http://portal.example.com' })).toThrowError(
      expect.objectContaining({ code: 'ERR_AUTH_INSECURE_URL', option: 'baseUrl' }),
    );
  });
});
