import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOAuthClient } from '../src/index.js';
import { authorizeWithLoopback } from '../src/node/index.js';
import { admin, confidentialClient } from './fixtures/helpers.js';

let portal: Emulator;
beforeEach(async () => {
  portal = await startEmulator();
});
afterEach(async () => {
  await portal.close();
});

/** What a browser does: the emulator's login and consent pages, then following the redirect to our loopback server. */
const browser =
  (consent: 'allow' | 'deny' = 'allow') =>
  async (url: string) => {
    const redirect = await portal.authorize(url, {
      email: admin(portal).email,
      password: admin(portal).password,
      consent,
    });
    const page = await fetch(redirect);
    browser.pages.push({ status: page.status, text: await page.text() });
  };
browser.pages = [] as Array<{ status: number; text: string }>;

describe('authorizeWithLoopback', () => {
  it('receives the redirect on an ephemeral 127.0.0.1 port, shows a page and exchanges the code', async () => {
    browser.pages.length = 0;
    const client = confidentialClient(portal, { clock: undefined });
    const { tokens, request } = await authorizeWithLoopback({ client, openBrowser: browser() });
    expect(tokens.refreshToken).toEqual(expect.any(String));
    const port = Number(new URL(request.redirectUri).port);
    expect(port).toBeGreaterThan(0);
    expect(browser.pages).toEqual([{ status: 200, text: expect.stringContaining('Signed in') }]);
    // The one-shot server is gone.
    await expect(fetch(`http://127.0.0.1:${port}/callback`)).rejects.toThrow();
  });

  it('reports a denied consent as an OAuthError and tells the browser', async () => {
    browser.pages.length = 0;
    const client = confidentialClient(portal, { clock: undefined });
    await expect(authorizeWithLoopback({ client, openBrowser: browser('deny') })).rejects.toMatchObject({
      code: 'ERR_OAUTH_ACCESS_DENIED',
    });
    expect(browser.pages[0]?.text).toContain('Sign-in was not completed');
  });

  it('ignores a callback with another state and times out with a typed error', async () => {
    const client = confidentialClient(portal, { clock: undefined });
    let forged = 0;
    await expect(
      authorizeWithLoopback({
        client,
        timeoutMs: 300,
        openBrowser: async (url) => {
          const redirectUri = new URL(url).searchParams.get('redirect_uri')!;
          forged = (await fetch(`${redirectUri}?code=stolen&state=forged`)).status;
        },
      }),
    ).rejects.toMatchObject({
      code: 'ERR_AUTH_TIMEOUT',
      message: 'no browser came back to the loopback redirect within 300 ms',
    });
    expect(forged).toBe(400);
  });

  it('refuses a localhost redirect URI, which DocSpace does not accept on any port', async () => {
    const seeded = portal.seed.clients[0]!;
    const client = createOAuthClient({
      baseUrl: portal.url,
      clientId: seeded.clientId,
      redirectUri: 'http://localhost/callback',
      scopes: [],
    });
    await expect(authorizeWithLoopback({ client })).rejects.toMatchObject({
      code: 'ERR_AUTH_INVALID_OPTION',
      option: 'client.redirectUri',
    });
  });
});

describe('revoke() of a public client', () => {
  it('forgets the tokens although DocSpace refuses revocation without client authentication', async () => {
    const { createOAuthAuth } = await import('../src/index.js');
    const { publicClient } = await import('./fixtures/helpers.js');
    const client = publicClient(portal);
    const request = await client.createAuthorizationRequest();
    const tokens = await client.handleCallback(
      await portal.authorize(request.url, { email: admin(portal).email, password: admin(portal).password }),
      request,
    );
    const auth = createOAuthAuth({ client, tokens });
    await auth.revoke();
    await expect(auth.authenticate()).rejects.toMatchObject({ code: 'ERR_AUTH_UNAVAILABLE' });
  });
});
