import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisSessionStore, createWebApp, type WebApp } from '../src/index.js';

/** createWebApp served on loopback, with a public URL of our choosing (as behind a TLS proxy). */
async function serve(app: WebApp): Promise<{ url: string; server: Server }> {
  const server = createServer(app.handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('createWebApp', () => {
  let emulator: Emulator;
  let served: { url: string; server: Server };
  beforeAll(async () => {
    emulator = await startEmulator();
    const client = emulator.addClient({
      name: 'Proxied app',
      redirectUris: ['https://app.example.test/callback'],
    });
    const app = createWebApp({
      portalUrl: emulator.url,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      publicUrl: 'https://app.example.test',
    });
    served = await serve(app);
  });
  afterAll(async () => {
    served?.server.closeAllConnections();
    await new Promise((resolve) => served?.server.close(resolve));
    await emulator?.close();
  });

  it('uses a __Host- cookie with Secure when served over https', async () => {
    const response = await fetch(`${served.url}/signin`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toMatch(
      /^__Host-sid=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Secure$/,
    );
    const authorize = new URL(String(response.headers.get('location')));
    expect(authorize.searchParams.get('redirect_uri')).toBe('https://app.example.test/callback');
  });

  it('ignores the plain "sid" cookie over https', async () => {
    const response = await fetch(`${served.url}/profile`, {
      redirect: 'manual',
      headers: { cookie: 'sid=whatever' },
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('data-page="signin-required"'); // not "expired": no session cookie
  });

  it('answers 405 for other methods and 404 for unknown paths', async () => {
    expect((await fetch(`${served.url}/profile`, { method: 'POST' })).status).toBe(405);
    const missing = await fetch(`${served.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('There is no page here.');
  });

  it('shows an error page and logs the code, never the secret, when the code exchange fails', async () => {
    const client = emulator.addClient({
      name: 'Misconfigured app',
      redirectUris: ['https://app.example.test/callback'],
    });
    const lines: string[] = [];
    const secret = 'wrong-secret-0123456789';
    const app = createWebApp({
      portalUrl: emulator.url,
      clientId: client.clientId,
      clientSecret: secret,
      publicUrl: 'https://app.example.test',
      log: (line) => lines.push(line),
    });
    const other = await serve(app);
    try {
      const start = await fetch(`${other.url}/signin`, { redirect: 'manual' });
      const cookie = String(start.headers.get('set-cookie')).split(';')[0] ?? '';
      const callback = new URL(
        await emulator.authorize(String(start.headers.get('location')), {
          email: 'admin@docspace.test',
          password: 'Admin-pass-1',
          consent: 'allow',
        }),
      );
      const response = await fetch(`${other.url}/callback${callback.search}`, { headers: { cookie } });
      expect(response.status).toBe(502);
      expect(await response.text()).toContain('ERR_OAUTH_INVALID_CLIENT');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^sign-in failed: ERR_OAUTH_INVALID_CLIENT: /);
      expect(lines.join('\n')).not.toContain(secret);
    } finally {
      other.server.closeAllConnections();
      await new Promise((resolve) => other.server.close(resolve));
    }
  });

  it('answers 503 and logs the code when the session store is down, and keeps no secret in either', async () => {
    const lines: string[] = [];
    const client = emulator.addClient({
      name: 'Redis-down app',
      redirectUris: ['https://app.example.test/callback'],
    });
    const app = createWebApp({
      portalUrl: emulator.url,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      publicUrl: 'https://app.example.test',
      sessions: createRedisSessionStore({
        client: {
          eval: async () => {
            throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
          },
        },
      }),
      log: (line) => lines.push(line),
    });
    const down = await serve(app);
    try {
      const cookie = `__Host-sid=${'a'.repeat(43)}`;
      for (const path of ['/profile', '/signin']) {
        const response = await fetch(`${down.url}${path}`, { headers: { cookie }, redirect: 'manual' });
        expect(response.status).toBe(503);
        const body = await response.text();
        expect(body).toContain('Sessions are unavailable');
        expect(body).toContain('ERR_AUTH_STORE_UNAVAILABLE');
        expect(body).not.toContain(client.clientSecret);
      }
      expect(lines).toEqual([
        'session store: ERR_AUTH_STORE_UNAVAILABLE: the redis session store could not read a session',
        'session store: ERR_AUTH_STORE_UNAVAILABLE: the redis session store could not read a session',
      ]);
    } finally {
      down.server.closeAllConnections();
      await new Promise((resolve) => down.server.close(resolve));
    }
  });

  it('rejects a publicUrl that is not http(s)', () => {
    expect(() =>
      createWebApp({
        portalUrl: emulator.url,
        clientId: 'x',
        clientSecret: 'y',
        publicUrl: 'ftp://app.example.test',
      }),
    ).toThrow(new TypeError('"publicUrl" must be an http(s) URL'));
  });
});
