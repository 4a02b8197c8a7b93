import { afterEach, describe, expect, it } from 'vitest';
import { createDocSpaceClient, resolveUrl } from '../src/docspace-client.js';
import type { Clock } from '../src/types.js';
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
const instantClock: Clock & { waits: number[] } = {
  waits: [],
  now: () => Date.now(),
  async sleep(ms) {
    instantClock.waits.push(ms);
  },
};

describe('createDocSpaceClient', () => {
  it('resolves paths as the docs print them and unwraps the envelope', async () => {
    const portal = await serve((request, response) =>
      json(response, 200, {
        count: 1,
        response: { path: request.path },
        links: [],
        status: 0,
        statusCode: 200,
      }),
    );
    const client = createDocSpaceClient({ baseUrl: portal.origin, auth: staticStrategy() });
    expect(await client.get('/api/2.0/people/@self', { query: { fields: 'id', skip: undefined } })).toEqual({
      path: '/api/2.0/people/@self?fields=id',
    });
    expect(portal.requests[0]?.headers.authorization).toBe('Bearer static-token');
    expect(portal.requests[0]?.headers.accept).toBe('application/json');
  });

  it('sends JSON bodies and returns count and total from request()', async () => {
    const portal = await serve((request, response) =>
      json(response, 200, {
        count: 2,
        total: 10,
        response: JSON.parse(request.body),
        status: 0,
        statusCode: 200,
      }),
    );
    const client = createDocSpaceClient({ baseUrl: portal.origin });
    const result = await client.request('POST', '/api/2.0/files/rooms', { body: { title: 'Room' } });
    expect(result).toMatchObject({ response: { title: 'Room' }, count: 2, total: 10, status: 200 });
    expect(portal.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('keeps a path prefix of the portal URL', () => {
    expect(resolveUrl(new URL('https://host.example.com/docspace'), '/api/2.0/x').href).toBe(
      'https://host.example.com/docspace/api/2.0/x',
    );
    expect(() => resolveUrl(new URL('https://portal.example.com'), 'https://evil.example.com/api')).toThrow(
      expect.objectContaining({
        option: 'path',
        message: '"path" is an absolute URL for another origin than "baseUrl"',
      }),
    );
    expect(() => resolveUrl(new URL('https://portal.example.com'), 'api/2.0')).toThrow(
      '"path" must start with "/"',
    );
  });

  it('maps an empty 403 to a typed error with a clear message', async () => {
    const portal = await serve((_request, response) => {
      response.writeHead(403);
      response.end();
    });
    const client = createDocSpaceClient({ baseUrl: portal.origin, auth: staticStrategy() });
    await expect(client.get('/api/2.0/people/@self')).rejects.toMatchObject({
      code: 'ERR_AUTH_FORBIDDEN',
      status: 403,
      message: `GET ${portal.origin}/api/2.0/people/@self failed with 403 (forbidden: the credentials lack a permission or scope for this call)`,
    });
  });

  it('retries a GET after a 429 using Retry-After, but never a POST', async () => {
    let calls = 0;
    const portal = await serve((_request, response) => {
      calls += 1;
      if (calls === 1) {
        response.writeHead(429, { 'retry-after': '2' });
        response.end();
      } else json(response, 200, { response: 'ok', status: 0, statusCode: 200 });
    });
    instantClock.waits.length = 0;
    const client = createDocSpaceClient({ baseUrl: portal.origin, clock: instantClock });
    expect(await client.get('/api/2.0/capabilities')).toBe('ok');
    expect(instantClock.waits).toEqual([2_000]);
    calls = 0;
    await expect(client.post('/api/2.0/files/rooms', {})).rejects.toMatchObject({
      code: 'ERR_AUTH_RATE_LIMITED',
      retryAfterMs: 2_000,
    });
  });

  it('retries only real HTTP errors: a body it could not read is not a 503 to try again', async () => {
    // A 503 whose body is over the size cap fails as AuthResponseError (with status 503); the
    // client once took any error with a numeric status for an AuthHttpError and sent the GET again.
    const portal = await serve((_request, response) => {
      response.writeHead(503, { 'content-type': 'application/json' });
      response.end('x'.repeat(4096));
    });
    instantClock.waits.length = 0;
    const client = createDocSpaceClient({
      baseUrl: portal.origin,
      clock: instantClock,
      maxResponseBytes: 1024,
    });
    await expect(client.get('/api/2.0/capabilities')).rejects.toMatchObject({
      code: 'ERR_AUTH_RESPONSE_TOO_LARGE',
      status: 503,
    });
    expect(portal.requests).toHaveLength(1);
    expect(instantClock.waits).toEqual([]);
  });

  it('gives up at once when Retry-After is longer than maxRetryDelayMs', async () => {
    const portal = await serve((_request, response) => {
      response.writeHead(429, { 'retry-after': '60' });
      response.end();
    });
    const client = createDocSpaceClient({
      baseUrl: portal.origin,
      clock: instantClock,
      maxRetryDelayMs: 1_000,
    });
    await expect(client.get('/api/2.0/x')).rejects.toMatchObject({
      code: 'ERR_AUTH_RATE_LIMITED',
      retryAfterMs: 60_000,
    });
    expect(portal.requests).toHaveLength(1);
  });

  it('caps the response size', async () => {
    const portal = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ response: 'x'.repeat(5_000), status: 0 }));
    });
    const client = createDocSpaceClient({ baseUrl: portal.origin, maxResponseBytes: 1_000 });
    await expect(client.get('/api/2.0/big')).rejects.toMatchObject({
      code: 'ERR_AUTH_RESPONSE_TOO_LARGE',
      message: 'the response body is larger than 1000 bytes',
    });
  });

  it('times out a stalled request with a typed error', async () => {
    const portal = await serve(() => undefined);
    const client = createDocSpaceClient({ baseUrl: portal.origin, timeoutMs: 50, retries: 0 });
    await expect(client.get('/api/2.0/slow')).rejects.toMatchObject({ code: 'ERR_AUTH_TIMEOUT' });
  });

  it("lets one call wait longer than the client's timeout when it asks to, with credentials too", async () => {
    const portal = await serve((_request, response) => {
      setTimeout(() => json(response, 200, { response: 'late', status: 0, statusCode: 200 }), 150);
    });
    const client = createDocSpaceClient({
      baseUrl: portal.origin,
      timeoutMs: 50,
      retries: 0,
      auth: staticStrategy(),
    });
    await expect(client.get('/api/2.0/slow', { timeoutMs: 2_000 })).resolves.toBe('late');
    await expect(client.get('/api/2.0/slow')).rejects.toMatchObject({ code: 'ERR_AUTH_TIMEOUT' });
  });

  it('turns a refused connection into a retryable typed error after its retries', async () => {
    const closed = await serve(() => undefined);
    const url = closed.origin;
    await closed.close();
    servers.length = 0;
    instantClock.waits.length = 0;
    const client = createDocSpaceClient({ baseUrl: url, clock: instantClock });
    await expect(client.get('/api/2.0/capabilities')).rejects.toMatchObject({
      code: 'ERR_AUTH_NETWORK',
      retryable: true,
      message: `GET ${url}/api/2.0/capabilities failed: ECONNREFUSED`,
    });
    expect(instantClock.waits).toEqual([250, 500]);
  });

  it("never follows a redirect with redirects: 'refuse': the body never reaches the Location", async () => {
    const other = await serve(() => ({ status: 500 }));
    const portal = await serve(() => ({
      status: 307,
      headers: { location: `${other.origin}/steal` },
    }));
    for (const auth of [undefined, staticStrategy()]) {
      const client = createDocSpaceClient({ baseUrl: portal.origin, auth });
      const error = (await client
        .post('/api/2.0/authentication', { password: 'pw-1' }, { redirects: 'refuse' })
        .then(
          () => undefined,
          (caught: unknown) => caught,
        )) as { code?: string; status?: number; retryable?: boolean };
      expect(error).toMatchObject({
        code: 'ERR_AUTH_BAD_RESPONSE',
        status: 307,
        message: `POST ${portal.origin}/api/2.0/authentication answered with a redirect (307), which this request never follows`,
      });
      expect(error.retryable).not.toBe(true);
    }
    expect(portal.requests).toHaveLength(2);
    expect(other.requests).toEqual([]);

    // The default follows, as fetch does: the body of a 307 goes on to the Location.
    await createDocSpaceClient({ baseUrl: portal.origin, retries: 0 })
      .post('/api/2.0/files', { name: 'a' })
      .catch(() => undefined);
    expect(other.requests.map((request) => request.body)).toEqual(['{"name":"a"}']);
    const client = createDocSpaceClient({ baseUrl: portal.origin });
    await expect(client.get('/x', { redirects: 'never' as never })).rejects.toMatchObject({
      code: 'ERR_AUTH_INVALID_OPTION',
      option: 'options.redirects',
    });
  });

  it('validates its options and names them', () => {
    expect(() => createDocSpaceClient({ baseUrl: 'https://portal.example.com', timeoutMs: 0 })).toThrow(
      expect.objectContaining({
        option: 'timeoutMs',
        message: '"timeoutMs" must be a number from 1 to 3600000',
      }),
    );
    expect(() =>
      createDocSpaceClient({ baseUrl: 'https://portal.example.com', headers: { 'x-a': 'a\nb' } }),
    ).toThrow('"headers.x-a" contains a control character at position 1');
    expect(() => createDocSpaceClient(undefined as never)).toThrow('"options" must be an object');
  });
});
