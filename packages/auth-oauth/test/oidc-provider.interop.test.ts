import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuthAuth, createOAuthClient, type OAuthClient } from '../src/index.js';
import {
  followUntil,
  INTEROP_CLIENT,
  type OidcProviderServer,
  startOidcProvider,
} from '../../../tools/oidc-provider-server.js';

let server: OidcProviderServer;
let client: OAuthClient;
beforeAll(async () => {
  server = await startOidcProvider();
  client = createOAuthClient({
    endpoints: {
      authorization: server.discovery.authorization_endpoint,
      token: server.discovery.token_endpoint,
      revocation: server.discovery.revocation_endpoint,
      introspection: server.discovery.introspection_endpoint,
    },
    issuer: server.issuer,
    clientId: INTEROP_CLIENT.client_id,
    clientSecret: INTEROP_CLIENT.client_secret,
    redirectUri: INTEROP_CLIENT.redirect_uris[0]!,
    scopes: ['openid', 'offline_access'],
  });
});
afterAll(async () => {
  await server.close();
});

async function signIn() {
  const request = await client.createAuthorizationRequest({ extraParams: { prompt: 'consent' } });
  const callbackUrl = await followUntil(request.url, INTEROP_CLIENT.redirect_uris[0]!);
  return { request, callbackUrl, tokens: await client.handleCallback(callbackUrl, request) };
}

describe('interop with oidc-provider 9.13.3 (a certified OpenID Provider)', () => {
  it('completes authorization code + PKCE with the same client code, checking the RFC 9207 iss', async () => {
    const { callbackUrl, tokens } = await signIn();
    expect(new URL(callbackUrl).searchParams.get('iss')).toBe(server.issuer);
    expect(tokens).toMatchObject({
      tokenType: 'Bearer',
      refreshToken: expect.any(String),
      idToken: expect.any(String),
    });
  });

  it('rejects a callback whose iss is another issuer', async () => {
    const request = await client.createAuthorizationRequest({ extraParams: { prompt: 'consent' } });
    const callbackUrl = new URL(await followUntil(request.url, INTEROP_CLIENT.redirect_uris[0]!));
    callbackUrl.searchParams.set('iss', 'https://evil.example.com');
    await expect(client.handleCallback(callbackUrl, request)).rejects.toMatchObject({
      code: 'ERR_OAUTH_ISSUER_MISMATCH',
    });
  });

  it('refreshes with rotation through the strategy, then revokes', async () => {
    const { tokens } = await signIn();
    let now = Date.now();
    const auth = createOAuthAuth({ client, tokens, clock: { now: () => now } });
    const first = await auth.authenticate();
    now += 2 * 60 * 60_000;
    const second = await auth.authenticate();
    expect(second.headers.authorization).not.toBe(first.headers.authorization);
    const refreshed = (await auth.getTokens())!;
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    expect((await client.introspect(refreshed.accessToken)).active).toBe(true);
    await auth.revoke();
    expect((await client.introspect(refreshed.accessToken)).active).toBe(false);
    // The first refresh token was rotated away and the grant is revoked: neither works any more.
    await expect(client.refresh(tokens.refreshToken!)).rejects.toMatchObject({
      code: 'ERR_OAUTH_INVALID_GRANT',
    });
    await expect(client.refresh(refreshed.refreshToken!)).rejects.toMatchObject({
      code: 'ERR_OAUTH_INVALID_GRANT',
    });
  });
});
