// Signing everyone out with anonymous /signin requests (issue 16, finding 1): each cookie-less
// /signin used to create a session in the one LRU map of 10,000 that also held the signed-in ones.
// Run with both session stores: in memory, and in Redis (a real redis-server).
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromIoRedis } from '@ds/auth-store-redis';
import { type Emulator, startEmulator } from '@ds/emulator';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createMemorySessionStore,
  createRedisSessionStore,
  createWebApp,
  type SessionStore,
  type WebApp,
  type WebAppOptions,
} from '../src/index.js';
import { redisSkipReason, startTestRedis, type TestRedis } from './fixtures/redis.js';
import { signIn, visit } from './helpers.js';

let emulator: Emulator;
let server: Server;
let redisServer: TestRedis | undefined;
let redis: Redis;
beforeAll(async () => {
  if (redisSkipReason !== undefined) return;
  redisServer = await startTestRedis();
  redis = redisServer.connect();
});
afterAll(() => redisServer?.stop());
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await emulator?.close();
});

/** A session store on `clock`, and how many signed-in sessions and sign-ins in progress it holds. */
interface StoreUnderTest {
  sessions: SessionStore;
  counts(): Promise<{ signedIn: number; pending: number }>;
}

const STORES: Array<[string, (clock: Emulator['clock']) => StoreUnderTest, boolean]> = [
  [
    'memory',
    (clock) => {
      const sessions = createMemorySessionStore({ clock });
      return {
        sessions,
        counts: async () => ({ signedIn: sessions.signedIn, pending: sessions.size - sessions.signedIn }),
      };
    },
    false,
  ],
  [
    'redis',
    (clock) => {
      const prefix = `flood-${randomBytes(4).toString('hex')}:`;
      return {
        sessions: createRedisSessionStore({ client: fromIoRedis(redis), clock, prefix }),
        counts: async () => ({
          signedIn: (await redis.keys(`${prefix}session:*`)).length,
          pending: (await redis.keys(`${prefix}signin:*`)).length,
        }),
      };
    },
    redisSkipReason !== undefined,
  ],
];

/** The app on loopback against an emulator on a manual clock, registered with its own /callback. */
async function start(
  store: (clock: Emulator['clock']) => StoreUnderTest,
  options: Partial<WebAppOptions> = {},
): Promise<{ url: string; emulator: Emulator; app: WebApp; store: StoreUnderTest }> {
  emulator = await startEmulator({ clock: 'manual', rateLimit: false });
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = emulator.addClient({
    name: 'flooded app',
    redirectUris: [`${url}/callback`],
    scopes: ['openid', 'accounts.self:read', 'rooms:read'],
  });
  const under = store(emulator.clock);
  const app = createWebApp({
    portalUrl: emulator.url,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    publicUrl: url,
    clock: emulator.clock,
    sessions: under.sessions,
    ...options,
  });
  server.on('request', app.handler);
  return { url, emulator, app, store: under };
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

describe.each(STORES)(
  'createWebApp (%s sessions) under a flood of anonymous /signin requests',
  (_name, store, skip) => {
    it.skipIf(skip)(
      'keeps the signed-in user signed in after 10,001 requests, and answers 429 past the per-client limit',
      async () => {
        const app = await start(store);
        const cookie = await signIn(app as never);
        const statuses = await flood(app.url, 10_001);
        expect(statuses).toEqual({ 303: 19, 429: 9_982 }); // 20 sign-ins a minute, one of them was ours
        const profile = await visit(`${app.url}/profile`, { cookie });
        expect(profile.status).toBe(200);
        expect(profile.body).toContain('data-page="profile"');
        // A minute later the client may start sign-ins again.
        app.emulator.clock.advance(60_000);
        expect((await visit(`${app.url}/signin`)).status).toBe(303);
      },
      120_000,
    );

    it.skipIf(skip)(
      'keeps the signed-in user when 10,001 sign-ins do get through (as from many addresses)',
      async () => {
        const app = await start(store, { signInsPerMinute: 1_000_000 });
        const cookie = await signIn(app as never);
        expect(await flood(app.url, 10_001)).toEqual({ 303: 10_001 });
        const profile = await visit(`${app.url}/profile`, { cookie });
        expect(profile.status).toBe(200);
        expect(profile.body).toContain('data-page="profile"');
        expect(await app.store.counts()).toEqual({ signedIn: 1, pending: 1_000 }); // capped on their own
      },
      120_000,
    );
  },
);
