// End-to-end in a real browser: Debian's chromium driven by playwright-core, against the web app and
// an in-process emulator that share one manual clock. Screenshots of every page land in
// DS_WEB_SCREENSHOTS (default: ds-web-screenshots in the system's temporary directory) for people to look at.
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_LAUNCH, describeWithChromium } from '../../../tools/chromium.js';
import { throughDocSpace } from './fixtures/browser.js';
import { screenshotPath } from './fixtures/screenshots.js';
import { ADMIN, HOUR, startTestServer } from './helpers.js';

describeWithChromium('browser end-to-end', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let context: BrowserContext; // the signed-in user of the main journey
  let page: Page;

  const shot = (target: Page, name: string) =>
    target.screenshot({ path: screenshotPath(name), fullPage: true });
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
    if (screenshots) {
      expect(await target.title()).toBe('Sign in with DocSpace');
      await shot(target, '01-home');
    }
    await target.click('#signin');
    await target.waitForSelector('input[name=email]');
    // By their labels, as a screen reader finds them.
    await target.getByLabel('E-mail').fill(ADMIN.email);
    await target.getByLabel('Password').fill(ADMIN.password);
    if (screenshots) await shot(target, '02-docspace-login');
    await target.click('button[type=submit]');
  }

  beforeAll(async () => {
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
    expect(await page.title()).toBe('Authorize access · DocSpace emulator');
    await shot(page, '03-docspace-consent');
    await page.click('button[name=action][value=allow]');
    await page.waitForSelector('main[data-page=profile]');
    expect(new URL(page.url()).pathname).toBe('/profile');
    expect(await page.textContent('#profile')).toContain(ADMIN.email);
    expect(await page.textContent('#claims')).toContain(`${server.emulator.url}/oauth2`);
    await shot(page, '04-profile');

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
    await shot(page, '05-rooms');
    await page.click('a.brand');
    await page.waitForSelector('main[data-page=home] .notice');
    await shot(page, '06-home-signed-in');
  });

  it('signs out: the tokens are revoked and the session is gone', async () => {
    const before = revocations();
    await page.click('button[name=signout]');
    await page.waitForSelector('main[data-page=signed-out]');
    await shot(page, '07-signed-out');
    expect(await page.title()).toBe('You are signed out · Sign in with DocSpace');
    expect(revocations() - before).toBe(2);
    expect((await context.cookies(server.url)).find((cookie) => cookie.name === 'sid')).toBeUndefined();
    // "Sign in again" and "Home" are two buttons with space between them, not touching.
    const again = await page.locator('main a', { hasText: 'Sign in again' }).boundingBox();
    const home = await page.locator('main a', { hasText: 'Home' }).boundingBox();
    expect(again && home && home.x - (again.x + again.width)).toBeGreaterThanOrEqual(8);
  });

  it('offers sign-in on /rooms while signed out and comes back to /rooms afterwards', async () => {
    await page.goto(`${server.url}/rooms`);
    await page.waitForSelector('main[data-page=signin-required]');
    await shot(page, '08-signin-required');
    await page.click('#signin');
    await throughDocSpace(page);
    await page.waitForSelector('main[data-page=rooms]');
    expect(new URL(page.url()).pathname).toBe('/rooms');
    expect(await page.textContent('#rooms')).toContain('Contracts');
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
      await shot(tab, '09-denied');
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
      await shot(tab, '10-session-expired');
    } finally {
      await other.close();
    }
  });

  it('shows the other pages in the same frame: not found, and the emulator pages', async () => {
    const other = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    try {
      const tab = await other.newPage();
      await tab.goto(`${server.url}/no-such-page`);
      expect(await tab.textContent('h1')).toBe('Not found');
      await shot(tab, '11-not-found');
      // The emulator's login page after a wrong password, its 2FA step, its error and home pages.
      await tab.goto(server.url);
      await tab.click('#signin');
      await tab.getByLabel('E-mail').fill(ADMIN.email);
      await tab.getByLabel('Password').fill('wrong-password');
      await tab.click('button[type=submit]');
      await tab.waitForSelector('#error');
      await shot(tab, '12-docspace-login-error');
      await tab.getByLabel('E-mail').fill('user@docspace.test');
      await tab.getByLabel('Password').fill('User-pass-1');
      await tab.click('button[type=submit]');
      await tab.waitForSelector('input[name=code]');
      await shot(tab, '13-docspace-2fa');
      await tab.goto(`${server.emulator.url}/login?type=oauth2&client_id=unknown-app&error=invalid_client`);
      expect(await tab.getAttribute('#error', 'data-error')).toBe('invalid_client');
      await shot(tab, '14-docspace-error');
      await tab.goto(server.emulator.url);
      expect(await tab.title()).toBe('DocSpace emulator');
      await shot(tab, '15-docspace-home');
    } finally {
      await other.close();
    }
  });
});
