import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  followUntil,
  INTEROP_CLIENT,
  type OidcProviderServer,
  startOidcProvider,
} from '../../../tools/oidc-provider-server.js';
import { createOidcAuth, createOidcClient, type OidcClient } from '../src/index.js';

let server: OidcProviderServer;
let client: OidcClient;
beforeAll(async () => {
  server = await startOidcProvider();
  client = createOidcClient({
    issuer: server.issuer,
    clientId: INTEROP_CLIENT.client_id,
    clientSecret: INTEROP_CLIENT.client_secret,
    redirectUri: INTEROP_CLIENT.redirect_uris[0]!,
    scopes: ['openid', 'offline_access'],
    postLogoutRedirectUri: 'http://127.0.0.1/bye',
  });
});
afterAll(async () => {
  await server.close();
});

async function signIn() {
  const request = await client.createAuthorizationRequest({ extraParams: { prompt: 'consent' } });
  const callbackUrl = await followUntil(request.url, INTEROP_CLIENT.redirect_uris[0]!);
  return { request, ...(await client.handleCallback(callbackUrl, request)) };
}

describe('interop with oidc-provider 9.13.3 in strict mode', () => {
  it('discovers with the exact issuer and defaults the allow-list to the advertised algorithms', async () => {
    const metadata = await client.discover();
    expect(metadata.issuer).toBe(server.issuer);
    expect(metadata.end_session_endpoint).toEqual(expect.any(String));
  });

  it('signs in: the ID token is verified with aud = client_id, iss = issuer, nonce echoed', async () => {
    const { request, tokens, claims } = await signIn();
    expect(claims).toMatchObject({
      iss: server.issuer,
      aud: INTEROP_CLIENT.client_id,
      sub: 'interop-user',
      nonce: request.nonce,
    });
    expect(tokens.refreshToken).toEqual(expect.any(String));
  });

  it('reads userinfo for the signed-in user', async () => {
    const { tokens } = await signIn();
    await expect(client.userinfo(tokens)).resolves.toMatchObject({ sub: 'interop-user' });
  });

  it('refreshes: the re-issued ID token is verified again for the same sub', async () => {
    const { tokens, claims } = await signIn();
    const refreshed = await client.refresh(tokens.refreshToken!, { subject: claims.sub });
    expect(refreshed.tokens.refreshToken).not.toBe(tokens.refreshToken);
    expect(refreshed.claims).toMatchObject({ sub: 'interop-user', aud: INTEROP_CLIENT.client_id });
  });

  it('refreshes through the strategy', async () => {
    const { tokens } = await signIn();
    let now = Date.now();
    const auth = createOidcAuth({ client, tokens, clock: { now: () => now } });
    const first = await auth.authenticate();
    now += 2 * 60 * 60_000;
    const second = await auth.authenticate();
    expect(second.headers.authorization).not.toBe(first.headers.authorization);
  });

  it('signs out with an RP-initiated logout URL (id_token_hint, post_logout_redirect_uri, client_id)', async () => {
    const { tokens } = await signIn();
    const result = await client.signOut(tokens, { state: 'bye-state' });
    expect(result.revoked).toBe(false);
    const url = new URL(result.endSessionUrl!);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      id_token_hint: tokens.idToken,
      post_logout_redirect_uri: 'http://127.0.0.1/bye',
      client_id: INTEROP_CLIENT.client_id,
      state: 'bye-state',
    });
    expect(url.origin).toBe(server.issuer);
  });

  it('rejects a configured issuer that differs from the discovery issuer (even by a slash)', async () => {
    const other = createOidcClient({
      issuer: `${server.issuer}/`,
      clientId: INTEROP_CLIENT.client_id,
      redirectUri: INTEROP_CLIENT.redirect_uris[0]!,
      scopes: ['openid'],
    });
    await expect(other.discover()).rejects.toMatchObject({
      code: 'ERR_OIDC_DISCOVERY_ISSUER_MISMATCH',
      message: `the discovery "issuer" is not "${server.issuer}/" (OpenID Connect Discovery §4.3)`,
    });
  });
});
