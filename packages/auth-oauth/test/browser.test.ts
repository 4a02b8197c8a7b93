// The README's "Browsers" claim, in a real browser: the main entry, bundled by esbuild for platform
// "browser" from the TypeScript sources, runs the authorization code flow as a public PKCE client
// (Web Crypto, fetch with CORS) against the emulator, in Debian's chromium driven by playwright-core.
import { type Emulator, startEmulator } from '@ds/emulator';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_LAUNCH, describeWithChromium } from '../../../tools/chromium.js';
import { bundleSpa, type SpaBundle, type SpaServer, serveSpa } from './fixtures/browser/serve.js';

const TIMEOUT = 60_000;

describeWithChromium('@ds/auth-oauth in a browser', () => {
  let portal: Emulator;
  let bundle: SpaBundle;
  let spa: SpaServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const publicClientId = (): string => portal.seed.clients.find((client) => client.public)!.clientId;
  const admin = () => portal.seed.users.find((user) => user.email === 'admin@docspace.test')!;
  async function newPage(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  }
  /** The emulator's log as "METHOD path status" lines, from `since` on. */
  const logSince = (since: number): string[] =>
    portal.requests.slice(since).map((entry) => `${entry.method} ${entry.path} ${entry.status}`);

  beforeAll(async () => {
    portal = await startEmulator();
    bundle = await bundleSpa(); // rejects on any esbuild error, e.g. an import of a node: module
    spa = await serveSpa(bundle, { baseUrl: portal.url, clientId: publicClientId() });
    browser = await chromium.launch(CHROMIUM_LAUNCH);
  }, TIMEOUT);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await spa?.close();
    await portal?.close();
  }, TIMEOUT);

  it('bundles the TypeScript sources for platform "browser" with nothing Node-only', () => {
    expect(bundle.warnings).toEqual([]);
    expect(bundle.inputs).toEqual(
      expect.arrayContaining([
        'src/index.ts',
        'src/pkce.ts',
        'src/create-oauth-client.ts',
        '../auth-core/src/index.ts',
        '../auth-core/src/docspace-client.ts',
      ]),
    );
    // Only the two packages' sources and the app: no dist, no node_modules, no src/node.
    const foreign = bundle.inputs.filter(
      (input) =>
        !/^(src|\.\.\/auth-core\/src)\/(?!node\/|undici\/)[\w/-]+\.ts$/.test(input) &&
        input !== 'test/fixtures/browser/app.ts',
    );
    expect(foreign).toEqual([]);
    expect(bundle.code).not.toMatch(/\bnode:|\brequire\(|\bprocess\.|\bBuffer\.from/);
  });

  it(
    'signs in through the login and consent pages and calls people/@self from the page',
    async () => {
      const page = await newPage();
      const browserRequests: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        browserRequests.push(
          `${request.method()} ${url.origin === portal.url ? 'emulator' : 'spa'}${url.pathname}`,
        );
      });
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      const since = portal.requests.length;

      await page.goto(spa.url);
      await page.waitForSelector('input[name=email]', { timeout: TIMEOUT });
      expect(browserRequests).toContain('GET emulator/oauth2/authorize');
      expect(new URL(page.url()).origin).toBe(portal.url); // the emulator's login page
      await page.fill('input[name=email]', admin().email);
      await page.fill('input[name=password]', admin().password);
      await page.click('button[type=submit]');
      await page.waitForSelector('button[name=action][value=allow]', { timeout: TIMEOUT });
      await page.click('button[name=action][value=allow]');
      const result = await page.waitForSelector('#result[data-state]', { timeout: TIMEOUT });

      expect(await result.getAttribute('data-state')).toBe('ok');
      expect(JSON.parse((await result.textContent()) ?? '')).toEqual({
        email: 'admin@docspace.test',
        refreshToken: false, // public DocSpace clients get none
        scope: ['files:read', 'accounts.self:read'],
      });
      expect(new URL(page.url()).pathname).toBe('/callback');
      expect(new URL(page.url()).search).toBe(''); // the code left the address bar
      expect(pageErrors).toEqual([]);
      // The page itself sent the token request and the API call (not Node):
      expect(browserRequests).toEqual(
        expect.arrayContaining(['POST emulator/oauth2/token', 'GET emulator/api/2.0/people/@self']),
      );
      // On the wire: the token POST is a CORS-simple request (form body, Accept), so no preflight;
      // the API call carries Authorization, so chromium preflights it first.
      const log = logSince(since);
      expect(log).toContain('POST /oauth2/token 200');
      expect(log.filter((line) => line.startsWith('OPTIONS /oauth2/'))).toEqual([]);
      const preflight = log.indexOf('OPTIONS /api/2.0/people/@self 204');
      expect(preflight).toBeGreaterThanOrEqual(0);
      expect(log.indexOf('GET /api/2.0/people/@self 200')).toBeGreaterThan(preflight);
      const call = portal.requests
        .slice(since)
        .find((entry) => entry.method === 'GET' && entry.path === '/api/2.0/people/@self');
      expect(call?.scheme).toBe('jwt');
    },
    TIMEOUT,
  );

  it(
    'shows ERR_OAUTH_STATE_MISMATCH for a forged callback and exchanges nothing',
    async () => {
      const page = await newPage();
      await page.goto(spa.url); // a sign-in is pending: state and verifier are in sessionStorage
      await page.waitForSelector('input[name=email]', { timeout: TIMEOUT });
      const tokenRequests = portal.stats.tokenRequests;
      await page.goto(`${spa.url}/callback?code=x&state=forged`);
      const result = await page.waitForSelector('#result[data-state]', { timeout: TIMEOUT });
      expect(await result.getAttribute('data-state')).toBe('error');
      expect(await result.textContent()).toBe(
        'ERR_OAUTH_STATE_MISMATCH: the callback "state" does not match this request (a forged or stale response)',
      );
      expect(portal.stats.tokenRequests).toBe(tokenRequests);
    },
    TIMEOUT,
  );
});
