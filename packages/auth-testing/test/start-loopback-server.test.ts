import { describe, expect, it } from 'vitest';
import { startLoopbackServer } from '../src/node/start-loopback-server.js';

describe('startLoopbackServer', () => {
  it('listens on 127.0.0.1, records requests and answers JSON', async () => {
    const server = await startLoopbackServer((request) => ({ status: 201, body: { echo: request.body } }));
    try {
      expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${server.origin}/api/2.0/keys?x=1`, {
        method: 'POST',
        headers: { authorization: 'Bearer abc' },
        body: 'hello',
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual({ echo: 'hello' });
      expect(server.requests).toEqual([
        expect.objectContaining({ method: 'POST', path: '/api/2.0/keys?x=1', body: 'hello' }),
      ]);
      expect(server.requests[0]?.headers.authorization).toBe('Bearer abc');
    } finally {
      await server.close();
    }
  });

  it('turns a throwing handler into a 500 with an empty body', async () => {
    const server = await startLoopbackServer(() => {
      throw new Error('boom');
    });
    try {
      const response = await fetch(server.origin);
      expect({ status: response.status, body: await response.text() }).toEqual({ status: 500, body: '' });
    } finally {
      await server.close();
    }
  });

  it('lets a handler answer through the raw response, and notes closed connections', async () => {
    const server = await startLoopbackServer((_request, response) => {
      response.writeHead(202, { connection: 'close' }).end('raw');
      return undefined;
    });
    try {
      const response = await fetch(server.origin);
      expect({ status: response.status, body: await response.text() }).toEqual({ status: 202, body: 'raw' });
      expect(server.requests[0]?.remotePort).toEqual(expect.any(Number));
      for (let spins = 0; server.closedPorts.length === 0 && spins < 1000; spins++)
        await new Promise((resolve) => setImmediate(resolve));
      expect(server.closedPorts).toEqual([server.requests[0]?.remotePort]);
    } finally {
      await server.close();
    }
  });
});
