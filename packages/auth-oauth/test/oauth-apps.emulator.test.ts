import { inspect } from 'node:util';
import {
  type AuthStrategy,
  createCredentials,
  createDocSpaceClient,
  type DocSpaceClient,
} from '@ds/auth-core';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createOAuthApps, createOAuthAuth, createOAuthClient } from '../src/index.js';

let portal: Emulator;
afterEach(async () => {
  await portal?.close();
});

const REDIRECT = 'http://127.0.0.1/callback';
const JANE = { email: 'jane@docspace.test', password: 'Jane-pass-1' };

/** A credential fixed for the test: the header as DocSpace expects it. */
function staticAuth(authorization: string): AuthStrategy {
  return {
    kind: 'static',
    authenticate: async () =>
      createCredentials({ scheme: authorization.split(' ')[0]!, headers: { authorization } }),
  };
}

function clientFor(authorization: string): DocSpaceClient {
  return createDocSpaceClient({ baseUrl: portal.url, auth: staticAuth(authorization) });
}

const basic = (email: string, password: string) =>
  `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

describe('createOAuthApps against the DocSpace emulator', () => {
  it('registers an app, signs a user in with it, rotates its secret, revokes the consent and deletes it', async () => {
    portal = await startEmulator({ clock: 'manual' });
    portal.addUser(JANE);
    const clock = { now: () => portal.clock.now() };
    const developer = createOAuthApps(clientFor(`Bearer ${portal.seed.apiKeys[0]!.key}`), { clock });

    const app = await developer.create({
      name: 'CI Robot',
      redirectUris: [REDIRECT],
      scopes: ['files:read', 'accounts.self:read'],
      websiteUrl: 'https://ci.example.com',
    });
    expect(app).toMatchObject({
      name: 'CI Robot',
      enabled: true,
      isPublic: true,
      scopes: ['files:read', 'accounts.self:read'],
    });
    expect(JSON.stringify(app)).not.toContain(app.clientSecret.reveal());
    expect(inspect(app.clientSecret)).toBe('Secret [redacted]');
    expect((await developer.list()).apps.map((listed) => listed.clientId)).toContain(app.clientId);

    // Jane signs in with the new app.
    const oauthClient = (secret: string) =>
      createOAuthClient({
        baseUrl: portal.url,
        clientId: app.clientId,
        clientSecret: secret,
        redirectUri: REDIRECT,
        scopes: ['files:read'],
        clock,
      });
    const original = oauthClient(app.clientSecret.reveal());
    const request = await original.createAuthorizationRequest();
    const tokens = await original.handleCallback(await portal.authorize(request.url, JANE), request);
    const jane = createOAuthApps(clientFor(basic(JANE.email, JANE.password)), { clock });
    const consents = await jane.listConsents();
    expect(consents.consents.map((consent) => [consent.clientId, consent.scopes, consent.app?.name])).toEqual(
      [[app.clientId, ['files:read'], 'CI Robot']],
    );

    // A new secret: the old one fails at once, the new one refreshes.
    const rotated = await developer.rotateSecret(app.clientId);
    expect(rotated.reveal()).not.toBe(app.clientSecret.reveal());
    await expect(original.refresh(tokens.refreshToken!)).rejects.toMatchObject({
      code: 'ERR_OAUTH_INVALID_CLIENT',
    });
    const auth = createOAuthAuth({ client: oauthClient(rotated.reveal()), tokens, clock });
    portal.clock.advance(2 * 60 * 60_000);
    await expect(auth.authenticate()).resolves.toMatchObject({ scheme: 'Bearer' });

    // Jane withdraws her consent: the next refresh asks her to authorize again.
    await jane.revokeConsent(app.clientId);
    expect((await jane.listConsents()).consents).toEqual([]);
    portal.clock.advance(2 * 60 * 60_000);
    await expect(auth.authenticate()).rejects.toMatchObject({
      code: 'ERR_OAUTH_REAUTH_REQUIRED',
      message: 'the refresh token was rejected (invalid_grant): authorize again',
    });

    await developer.delete(app.clientId);
    await expect(developer.get(app.clientId)).rejects.toMatchObject({
      code: 'ERR_AUTH_NOT_FOUND',
      status: 404,
    });
  });

  it('reads, updates (keeping what it does not change) and deactivates an app', async () => {
    portal = await startEmulator();
    const apps = createOAuthApps(clientFor(`Bearer ${portal.seed.apiKeys[0]!.key}`));
    const app = await apps.create({
      name: 'Dashboard',
      description: 'team dashboard',
      redirectUris: ['https://dash.example.com/cb'],
      scopes: ['rooms:read'],
      websiteUrl: 'https://dash.example.com',
      allowPkce: true,
    });
    const fetched = await apps.get(app.clientId);
    expect(fetched.clientSecret.reveal()).toBe(app.clientSecret.reveal());
    expect(fetched).toMatchObject({
      allowPkce: true,
      allowedOrigins: ['https://dash.example.com'],
      logoutRedirectUris: ['https://dash.example.com'],
      termsUrl: 'https://dash.example.com',
    });
    await apps.update(app.clientId, { name: 'Dashboard 2' });
    expect(await apps.get(app.clientId)).toMatchObject({
      name: 'Dashboard 2',
      description: 'team dashboard',
      allowPkce: true,
    });
    await apps.setEnabled(app.clientId, false);
    expect((await apps.get(app.clientId)).enabled).toBe(false);
    expect((await apps.listScopes()).at(-1)).toEqual({ name: 'openid', group: 'openid', type: 'openid' });
  });

  it('pages the list with the server cursor', async () => {
    portal = await startEmulator({ clock: 'manual' });
    const apps = createOAuthApps(clientFor(`Bearer ${portal.seed.apiKeys[0]!.key}`), {
      clock: { now: () => portal.clock.now() },
    });
    for (const name of ['First', 'Second', 'Third']) {
      portal.clock.advance(1_000);
      await apps.create({
        name,
        redirectUris: [REDIRECT],
        scopes: ['files:read'],
        websiteUrl: 'https://x.example.com',
      });
    }
    const first = await apps.list({ limit: 2 });
    expect(first.apps.map((app) => app.name)).toEqual(['Third', 'Second']);
    const second = await apps.list({ limit: 2, cursor: first.next! });
    expect(second.apps.map((app) => app.name)).toEqual(['First', 'Emulator Public App']);
  });

  it('fetches one x-signature for many calls, and a new one when it is due or rejected', async () => {
    portal = await startEmulator({ clock: 'manual' });
    const apps = createOAuthApps(clientFor(`Bearer ${portal.seed.apiKeys[0]!.key}`), {
      clock: { now: () => portal.clock.now() },
    });
    const signatures = () =>
      portal.requests.filter((entry) => entry.path === '/api/2.0/security/oauth2/token').length;
    await Promise.all([apps.list(), apps.listScopes(), apps.listConsents()]);
    expect(signatures()).toBe(1);
    portal.clock.advance(3 * 60_000);
    await apps.list();
    expect(signatures()).toBe(1);
    portal.clock.advance(60_000);
    await apps.list();
    expect(signatures()).toBe(2);

    // A client whose clock lags: the service rejects the signature (empty 403), one new one is taken.
    const lagging = createOAuthApps(clientFor(`Bearer ${portal.seed.apiKeys[0]!.key}`), {
      clock: { now: () => portal.clock.now() - 10 * 60_000 },
    });
    await lagging.list();
    portal.clock.advance(6 * 60_000 + 1);
    const before = signatures();
    await expect(lagging.list()).resolves.toMatchObject({ apps: expect.any(Array) });
    expect(signatures()).toBe(before + 1);
  });

  it('fails with typed errors: an OAuth token cannot get a signature, a guest cannot manage apps', async () => {
    portal = await startEmulator();
    const token = await portal.issueAccessToken({
      email: 'admin@docspace.test',
      clientId: portal.seed.clients[0]!.clientId,
    });
    await expect(createOAuthApps(clientFor(`Bearer ${token}`)).list()).rejects.toMatchObject({
      code: 'ERR_AUTH_FORBIDDEN',
      status: 403,
    });
    portal.addUser({ email: 'guest@docspace.test', password: 'Guest-pass-1', role: 'guest' });
    const guest = createOAuthApps(clientFor(basic('guest@docspace.test', 'Guest-pass-1')));
    await expect(guest.list()).rejects.toMatchObject({
      code: 'ERR_AUTH_FORBIDDEN',
      serverMessage: 'Access denied',
    });
    await expect(guest.get('not-a-guid')).rejects.toMatchObject({
      code: 'ERR_AUTH_INVALID_OPTION',
      message: '"clientId" must be a GUID',
    });
  });
});
