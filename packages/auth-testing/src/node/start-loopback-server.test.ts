import { describe, expect, it } from 'vitest';
import { startLoopbackServer } from './start-loopback-server.js';

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
});
