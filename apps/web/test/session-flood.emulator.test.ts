// Signing everyone out with anonymous /signin requests (issue 16, finding 1): each cookie-less
// /signin used to create a session in the one LRU map of 10,000 that also held the signed-in ones.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebApp, type WebApp, type WebAppOptions } from '../src/index.js';
import { signIn, visit } from './helpers.js';

let emulator: Emulator;
let server: Server;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await emulator?.close();
});

/** The app on loopback against an emulator on a manual clock, registered with its own /callback. */
async function start(
  options: Partial<WebAppOptions> = {},
): Promise<{ url: string; emulator: Emulator; app: WebApp }> {
  emulator = await startEmulator({ clock: 'manual', rateLimit: false });
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = emulator.addClient({
    name: 'flooded app',
    redirectUris: [`${url}/callback`],
    scopes: ['openid', 'accounts.self:read', 'rooms:read'],
  });
  const app = createWebApp({
    portalUrl: emulator.url,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    publicUrl: url,
    clock: emulator.clock,
    ...options,
  });
  server.on('request', app.handler);
  return { url, emulator, app };
}

/** `count` cookie-less GET /signin, 50 at a time; resolves to how many got each status. */
async function flood(url: string, count: number): Promise<Record<number, number>> {
  const statuses: Record<number, number> = {};
  for (let sent = 0; sent < count; sent += 50) {
    const batch = Array.from({ length: Math.min(50, count - sent) }, async () => {
      const response = await fetch(`${url}/signin`, { redirect: 'manual' });
      await response.arrayBuffer();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    });
    await Promise.all(batch);
  }
  return statuses;
}

describe('createWebApp under a flood of anonymous /signin requests', () => {
  it('keeps the signed-in user signed in after 10,001 requests, and answers 429 past the per-client limit', async () => {
    const app = await start();
    const cookie = await signIn(app as never);
    const statuses = await flood(app.url, 10_001);
    expect(statuses).toEqual({ 303: 19, 429: 9_982 }); // 20 sign-ins a minute, one of them was ours
    const profile = await visit(`${app.url}/profile`, { cookie });
    expect(profile.status).toBe(200);
    expect(profile.body).toContain('data-page="profile"');
    // A minute later the client may start sign-ins again.
    app.emulator.clock.advance(60_000);
    expect((await visit(`${app.url}/signin`)).status).toBe(303);
  }, 120_000);

  it('keeps the signed-in user when 10,001 sign-ins do get through (as from many addresses)', async () => {
    const app = await start({ signInsPerMinute: 1_000_000 });
    const cookie = await signIn(app as never);
    expect(await flood(app.url, 10_001)).toEqual({ 303: 10_001 });
    const profile = await visit(`${app.url}/profile`, { cookie });
    expect(profile.status).toBe(200);
    expect(profile.body).toContain('data-page="profile"');
    expect(app.app.sessions.signedIn).toBe(1);
    expect(app.app.sessions.size).toBe(1 + 1_000); // sign-ins in progress are capped on their own
  }, 120_000);
});
