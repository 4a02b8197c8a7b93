import { describe, expect, it } from 'vitest';
import { call, codeFlow, postForm, start } from './helpers.js';

describe('routing and CORS (docs/docspace-behaviour.md §5.1, §8.7)', () => {
  it('serves /api/2.0/oauth2/* like /oauth2/* (the nginx rewrite)', async () => {
    const emulator = await start();
    const res = await call(`${emulator.url}/api/2.0/oauth2/jwks`);
    expect(res.status).toBe(200);
    expect(res.json.keys).toHaveLength(1);
  });

  it('answers identity requests with Access-Control-Allow-Origin: * and preflights with 204', async () => {
    const emulator = await start();
    const res = await postForm(
      `${emulator.url}/oauth2/introspect`,
      { token: 'x' },
      { origin: 'http://127.0.0.1:5173' },
    );
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await call(`${emulator.url}/oauth2/token`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  it('gives a public client no way to refresh: no refresh token, and no secret means invalid_client', async () => {
    const emulator = await start();
    const tokens = await codeFlow(emulator, { clientIndex: 1 });
    expect(tokens.refresh_token).toBeUndefined();
    const res = await postForm(`${emulator.url}/oauth2/token`, {
      grant_type: 'refresh_token',
      refresh_token: 'anything',
      client_id: emulator.seed.clients[1]!.clientId,
    });
    expect([res.status, res.json.error]).toEqual([401, 'invalid_client']);
  });

  it('logs every request with method, path, status and scheme', async () => {
    const emulator = await start();
    await call(`${emulator.url}/api/2.0/capabilities`);
    await call(`${emulator.url}/nowhere`);
    expect(
      emulator.requests.map(({ method, path, status, scheme }) => ({ method, path, status, scheme })),
    ).toEqual([
      { method: 'GET', path: '/api/2.0/capabilities', status: 200, scheme: 'none' },
      { method: 'GET', path: '/nowhere', status: 404, scheme: 'none' },
    ]);
  });
});
