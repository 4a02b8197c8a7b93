import { createDocSpaceClient } from '@ds/auth-core';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOAuthAuth, createOAuthClient } from '../src/index.js';
import { admin, confidentialClient, publicClient, SCOPES, signIn } from './fixtures/helpers.js';

let portal: Emulator;
beforeEach(async () => {
  portal = await startEmulator({ clock: 'manual' });
});
afterEach(async () => {
  await portal.close();
});

describe('authorization code + PKCE against the emulator', () => {
  it('signs in a confidential client and calls the API with the token', async () => {
    const client = confidentialClient(portal);
    const { tokens } = await signIn(portal, client);
    expect(tokens).toMatchObject({
      tokenType: 'Bearer',
      refreshToken: expect.any(String),
      scope: expect.arrayContaining(SCOPES),
    });
    const lifetime = tokens!.expiresAt! - portal.clock.now();
    expect(lifetime).toBeGreaterThanOrEqual(3_599_000);
    expect(lifetime).toBeLessThanOrEqual(3_600_000);
    const me = await createDocSpaceClient({
      baseUrl: portal.url,
      auth: createOAuthAuth({ client, tokens }),
    }).get<{ email: string }>('/api/2.0/people/@self');
    expect(me.email).toBe(admin(portal).email);
  });

  it('signs in a public PKCE client, which gets no refresh token and must re-authorize after expiry', async () => {
    const client = publicClient(portal);
    const { tokens } = await signIn(portal, client);
    expect(tokens!.refreshToken).toBeUndefined();
    const auth = createOAuthAuth({ client, tokens, clock: { now: () => portal.clock.now() } });
    await auth.authenticate();
    portal.clock.advance(61 * 60_000);
    await expect(auth.authenticate()).rejects.toMatchObject({
      code: 'ERR_OAUTH_REAUTH_REQUIRED',
      message: 'the access token expired and there is no refresh token (a public client): authorize again',
    });
  });

  it('rejects a callback whose state does not match, before exchanging anything', async () => {
    const client = confidentialClient(portal);
    const first = await client.createAuthorizationRequest();
    const callbackUrl = await portal.authorize(first.url, {
      email: admin(portal).email,
      password: admin(portal).password,
    });
    const other = await client.createAuthorizationRequest();
    const before = portal.stats.tokenRequests;
    await expect(client.handleCallback(callbackUrl, other)).rejects.toMatchObject({
      code: 'ERR_OAUTH_STATE_MISMATCH',
      message: 'the callback "state" does not match this request (a forged or stale response)',
    });
    expect(portal.stats.tokenRequests).toBe(before);
  });

  it('turns a denied consent (no error_description) into a typed OAuthError', async () => {
    const client = confidentialClient(portal);
    const { request, callbackUrl } = await signIn(portal, client, 'deny');
    expect(new URL(callbackUrl).searchParams.has('error_description')).toBe(false);
    await expect(client.handleCallback(callbackUrl, request)).rejects.toMatchObject({
      code: 'ERR_OAUTH_ACCESS_DENIED',
      error: 'access_denied',
      errorDescription: undefined,
      message: 'the authorization server answered "access_denied"',
    });
  });

  it('fails an expired code (older than one minute) with invalid_grant', async () => {
    const client = confidentialClient(portal);
    const request = await client.createAuthorizationRequest();
    const callbackUrl = await portal.authorize(request.url, {
      email: admin(portal).email,
      password: admin(portal).password,
    });
    portal.clock.advance(61_000);
    await expect(client.handleCallback(callbackUrl, request)).rejects.toMatchObject({
      code: 'ERR_OAUTH_INVALID_GRANT',
      status: 400,
    });
  });

  it('gets only scopes the client registered', async () => {
    const narrow = portal.addClient({
      name: 'Narrow app',
      scopes: ['files:read'],
      redirectUris: ['http://127.0.0.1/callback'],
    });
    const client = createOAuthClient({
      baseUrl: portal.url,
      clientId: narrow.clientId,
      clientSecret: narrow.clientSecret,
      redirectUri: 'http://127.0.0.1/callback',
      scopes: ['files:read', 'rooms:write'],
    });
    const request = await client.createAuthorizationRequest();
    const callbackUrl = await portal.authorize(request.url, {
      email: admin(portal).email,
      password: admin(portal).password,
    });
    expect(new URL(callbackUrl).searchParams.get('error')).toBe('invalid_scope');
    await expect(client.handleCallback(callbackUrl, request)).rejects.toMatchObject({
      code: 'ERR_OAUTH_INVALID_SCOPE',
    });
  });

  it('revokes: the access token then gets 401 and introspects inactive', async () => {
    const client = confidentialClient(portal);
    const { tokens } = await signIn(portal, client);
    expect((await client.introspect(tokens!.accessToken)).active).toBe(true);
    const auth = createOAuthAuth({ client, tokens });
    await auth.revoke();
    expect((await client.introspect(tokens!.accessToken)).active).toBe(false);
    const response = await fetch(`${portal.url}/api/2.0/people/@self`, {
      headers: { authorization: `Bearer ${tokens!.accessToken}` },
    });
    expect(response.status).toBe(401);
    await expect(auth.authenticate()).rejects.toMatchObject({ code: 'ERR_AUTH_UNAVAILABLE' });
  });

  it('takes the API base from the access token audience (SaaS), only for allowed hosts', async () => {
    const seeded = portal.seed.clients.find((client) => !client.public)!;
    const base = {
      clientId: seeded.clientId,
      clientSecret: seeded.clientSecret,
      redirectUri: 'http://127.0.0.1/callback',
      scopes: SCOPES,
    };
    const saas = createOAuthClient({
      ...base,
      authorizationServer: portal.url,
      allowedApiHosts: ['127.0.0.1'],
    });
    const { tokens } = await signIn(portal, saas);
    expect(saas.apiBaseUrl(tokens!).href).toBe(`${portal.url}/`);
    const strict = createOAuthClient({
      ...base,
      authorizationServer: portal.url,
      allowedApiHosts: ['*.onlyoffice.com'],
    });
    expect(() => strict.apiBaseUrl(tokens!)).toThrow(
      expect.objectContaining({
        code: 'ERR_OAUTH_API_BASE_REJECTED',
        message: `the portal "${new URL(portal.url).host}" in the access token is not in "allowedApiHosts"`,
      }),
    );
  });
});
