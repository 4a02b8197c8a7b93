// Sessions in Redis, in a real browser: a restarted web server and two instances behind one load balancer
// keep the user signed in. The portal is one emulator (on a manual clock shared with the app) that
// outlives the web servers, as a real portal would; redis-server is a real one on 127.0.0.1.
import { randomBytes } from 'node:crypto';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_LAUNCH, describeWithChromium } from '../../../tools/chromium.js';
import { freePort } from '../../../tools/free-port.js';
import { type DemoPortal, type RunningWebServer, startDemoPortal, startWebServer } from '../src/index.js';
import { throughDocSpace } from './fixtures/browser.js';
import { redisSkipReason, startTestRedis, type TestRedis } from './fixtures/redis.js';
import { type RoundRobinProxy, startRoundRobinProxy } from './fixtures/round-robin-proxy.js';
import { screenshotPath } from './fixtures/screenshots.js';
import { ADMIN, HOUR, visit } from './helpers.js';

describeWithChromium('sessions in Redis', () => {
  // Without redis-server (outside CI, where tools/redis-server.ts fails instead) there is nothing to test.
  describe.skipIf(redisSkipReason !== undefined)('on a real redis-server', sessionsInRedis);
});

function sessionsInRedis(): void {
  let redis: TestRedis;
  let browser: Browser;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    browser = await chromium.launch(CHROMIUM_LAUNCH);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await browser?.close();
    await redis?.stop();
  });

  /** The demo portal (rooms included) with the app registered at `publicUrl`, closed after the test. */
  async function portalFor(publicUrl: string): Promise<DemoPortal> {
    const portal = await startDemoPortal(publicUrl, { clock: 'manual', rateLimit: false });
    cleanups.push(() => portal.emulator.close());
    return portal;
  }

  /** A web server against `portal`, with Redis unless `redisUrl` is `undefined`. */
  async function webServer(
    portal: DemoPortal,
    options: { port: number; publicUrl?: string; prefix: string; redisUrl: string | undefined },
  ): Promise<RunningWebServer> {
    const server = await startWebServer({
      env: {
        DOCSPACE_URL: portal.emulator.url,
        DOCSPACE_CLIENT_ID: portal.clientId,
        DOCSPACE_CLIENT_SECRET: portal.clientSecret,
        REDIS_URL: options.redisUrl,
        DS_WEB_REDIS_PREFIX: options.prefix,
        PUBLIC_URL: options.publicUrl,
      },
      port: options.port,
      clock: portal.emulator.clock,
    });
    cleanups.push(() => server.close());
    return server;
  }

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    cleanups.push(() => context.close());
    return context.newPage();
  }

  /** Signed out on /rooms -> "Sign in with DocSpace" -> DocSpace -> back on /rooms. */
  async function signInFromRooms(page: Page, url: string): Promise<void> {
    await page.goto(`${url}/rooms`);
    await page.waitForSelector('main[data-page=signin-required]');
    await page.click('#signin');
    await throughDocSpace(page);
    await page.waitForSelector('main[data-page=rooms]');
    expect(new URL(page.url()).pathname).toBe('/rooms');
  }

  const sessionCookie = async (page: Page) =>
    (await page.context().cookies()).find((cookie) => cookie.name === 'sid')?.value;

  it('keeps the user signed in across a restart of the web server', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const portal = await portalFor(url);
    const prefix = `restart-${randomBytes(4).toString('hex')}:`;
    const first = await webServer(portal, { port, prefix, redisUrl: redis.url });
    const page = await newPage();
    await signInFromRooms(page, url);
    await first.close();

    await webServer(portal, { port, prefix, redisUrl: redis.url });
    await page.goto(`${url}/profile`);
    await page.waitForSelector('main[data-page=profile]');
    expect(await page.textContent('#profile')).toContain(ADMIN.email);
    await page.screenshot({ path: screenshotPath('16-profile-after-restart'), fullPage: true });
    // The tokens came through the restart too: an hour later they are refreshed once, from Redis.
    const tokenRequests = portal.emulator.stats.tokenRequests;
    portal.emulator.clock.advance(HOUR + 5 * 60_000);
    await page.goto(`${url}/rooms`);
    await page.waitForSelector('main[data-page=rooms]');
    expect(await page.textContent('#rooms')).toContain('Marketing');
    expect(portal.emulator.stats.tokenRequests).toBe(tokenRequests + 1);
  });

  it('signs the user out at a restart without Redis (what the Redis store is for)', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const portal = await portalFor(url);
    const first = await webServer(portal, { port, prefix: 'unused:', redisUrl: undefined });
    const page = await newPage();
    await signInFromRooms(page, url);
    await first.close();
    await webServer(portal, { port, prefix: 'unused:', redisUrl: undefined });
    await page.goto(`${url}/profile`);
    await page.waitForSelector('main[data-page=expired]');
  });

  it('shares sign-ins, sessions and tokens between two instances behind one load balancer', async () => {
    const proxy: RoundRobinProxy = await startRoundRobinProxy();
    cleanups.push(() => proxy.close());
    const portal = await portalFor(proxy.url);
    const prefix = `pair-${randomBytes(4).toString('hex')}:`;
    const instances = [
      await webServer(portal, { port: 0, publicUrl: proxy.url, prefix, redisUrl: redis.url }),
      await webServer(portal, { port: 0, publicUrl: proxy.url, prefix, redisUrl: redis.url }),
    ];
    // PUBLIC_URL is the proxy's; the instances listen on ports of their own.
    proxy.backends = instances.map((instance) => `http://127.0.0.1:${instance.port}`);

    const page = await newPage();
    await signInFromRooms(page, proxy.url);
    // The sign-in started on one instance and finished on the other.
    expect(proxy.served.map(([path, index]) => `${path}@${index}`)).toEqual([
      '/rooms@0',
      '/signin@1',
      '/callback@0',
      '/rooms@1',
    ]);
    for (const expected of [0, 1]) {
      await page.goto(`${proxy.url}/profile`);
      await page.waitForSelector('main[data-page=profile]');
      expect(proxy.served.at(-1)).toEqual(['/profile', expected]);
    }
    // An hour later both instances show the rooms; the rotating refresh token is spent once.
    const tokenRequests = portal.emulator.stats.tokenRequests;
    portal.emulator.clock.advance(HOUR + 5 * 60_000);
    for (const expected of [0, 1]) {
      await page.goto(`${proxy.url}/rooms`);
      await page.waitForSelector('main[data-page=rooms]');
      expect(proxy.served.at(-1)).toEqual(['/rooms', expected]);
    }
    expect(portal.emulator.stats.tokenRequests).toBe(tokenRequests + 1);
    // Signing out through one instance ends the session on the other.
    const cookie = await sessionCookie(page);
    await page.click('button[name=signout]');
    await page.waitForSelector('main[data-page=signed-out]');
    for (const backend of proxy.backends) {
      const after = await visit(`${backend}/profile`, { cookie });
      expect(after.body).toContain('data-page="expired"');
    }
  });
}
