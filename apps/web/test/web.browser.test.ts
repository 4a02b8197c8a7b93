// End-to-end in a real browser: Debian's chromium driven by playwright-core, against the web app and
// an in-process emulator that share one manual clock. Screenshots land in apps/web/screenshots/
// (gitignored) for people to look at.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_LAUNCH, describeWithChromium } from '../../../tools/chromium.js';
import { ADMIN, HOUR, startTestServer } from './helpers.js';

const SHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

describeWithChromium('browser end-to-end', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let context: BrowserContext; // the signed-in user of the main journey
  let page: Page;

  const shot = (target: Page, name: string) =>
    target.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
  const clientId = () => {
    const app = server.emulator.seed.clients.find((client) => client.name === 'DocSpace sample web app');
    if (!app) throw new Error('the app is not registered on the emulator');
    return app.clientId;
  };
  const revocations = () =>
    server.emulator.requests.filter((entry) => entry.path === '/oauth2/revoke').length;

  /** Home -> "Sign in with DocSpace" -> the emulator's login page -> (consent page, when asked). */
  async function startSignIn(target: Page, screenshots = false): Promise<void> {
    await target.goto(server.url);
    if (screenshots) await shot(target, '1-home');
    await target.click('#signin');
    await target.waitForSelector('input[name=email]');
    await target.fill('input[name=email]', ADMIN.email);
    await target.fill('input[name=password]', ADMIN.password);
    if (screenshots) await shot(target, '2-docspace-login');
    await target.click('button[type=submit]');
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer();
    browser = await chromium.launch(CHROMIUM_LAUNCH);
    context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in through the emulator consent page and shows the profile', async () => {
    server.emulator.revokeConsent({ email: ADMIN.email, clientId: clientId() }); // so the consent page shows
    await startSignIn(page, true);
    await page.waitForSelector('button[name=action][value=allow]');
    expect(await page.textContent('body')).toContain('DocSpace sample web app');
    await shot(page, '3-docspace-consent');
    await page.click('button[name=action][value=allow]');
    await page.waitForSelector('main[data-page=profile]');
    expect(new URL(page.url()).pathname).toBe('/profile');
    expect(await page.textContent('#profile')).toContain(ADMIN.email);
    expect(await page.textContent('#claims')).toContain(`${server.emulator.url}/oauth2`);
    await shot(page, '4-profile');

    const cookies = await context.cookies(server.url);
    const session = cookies.find((cookie) => cookie.name === 'sid');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(await page.evaluate(() => document.cookie)).toBe(''); // HttpOnly: scripts cannot read it
  });

  it('still shows the rooms an hour later: the token is refreshed behind the scenes', async () => {
    const tokenRequests = server.emulator.stats.tokenRequests;
    server.emulator.clock.advance(HOUR + 5 * 60_000); // past exp and the API's 2 min skew, for both sides
    await page.click('a[href="/rooms"]');
    await page.waitForSelector('main[data-page=rooms]');
    const rooms = await page.textContent('#rooms');
    expect(rooms).toContain('Contracts');
    expect(rooms).toContain('Marketing');
    expect(server.emulator.stats.tokenRequests).toBe(tokenRequests + 1); // one refresh-token grant
    await shot(page, '5-rooms');
  });

  it('signs out: the tokens are revoked and the session is gone', async () => {
    const before = revocations();
    await page.click('button[name=signout]');
    await page.waitForSelector('main[data-page=signed-out]');
    await shot(page, '6-signed-out');
    expect(revocations() - before).toBe(2);
    expect((await context.cookies(server.url)).find((cookie) => cookie.name === 'sid')).toBeUndefined();
    await page.goto(`${server.url}/rooms`);
    expect(await page.getAttribute('main', 'data-page')).toBe('home');
  });

  it('shows a clear page when the user denies consent', async () => {
    server.emulator.revokeConsent({ email: ADMIN.email, clientId: clientId() });
    const other = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    try {
      const tab = await other.newPage();
      await startSignIn(tab);
      await tab.click('button[name=action][value=deny]');
      await tab.waitForSelector('main[data-page=denied]');
      expect(new URL(tab.url()).pathname).toBe('/callback');
      expect(await tab.textContent('h1')).toBe('You declined access');
      await shot(tab, '7-denied');
    } finally {
      await other.close();
    }
  });

  it('shows "your session expired" when DocSpace no longer accepts the sign-in', async () => {
    const other = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    try {
      const tab = await other.newPage();
      await startSignIn(tab);
      const allow = await tab.waitForSelector('button[name=action][value=allow], main[data-page=profile]');
      if ((await allow.getAttribute('value')) === 'allow') await allow.click();
      await tab.waitForSelector('main[data-page=profile]');
      server.emulator.revokeConsent({ email: ADMIN.email, clientId: clientId() }); // the user revokes the app
      await tab.click('a[href="/rooms"]');
      await tab.waitForSelector('main[data-page=expired]');
      expect(await tab.textContent('main')).toContain('Your session expired, sign in again');
      await shot(tab, '8-session-expired');
    } finally {
      await other.close();
    }
  });
});
