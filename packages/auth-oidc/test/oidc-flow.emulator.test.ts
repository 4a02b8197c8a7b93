import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOidcClient } from '../src/index.js';
import { admin, authorize, oidcClient, recordingFetch, signIn, webApp } from './fixtures/helpers.js';

let portal: Emulator;
beforeEach(async () => {
  portal = await startEmulator({ clock: 'manual' });
});
afterEach(async () => {
  await portal.close();
});

describe('createOidcClient against the DocSpace emulator (docspace mode)', () => {
  it('signs in: nonce sent and echoed, ES256 ID token verified despite the RS256 metadata', async () => {
    const client = oidcClient(portal);
    const metadata = await client.discover();
    expect(metadata.id_token_signing_alg_values_supported).toEqual(['RS256']);
    const { request, callbackUrl } = await authorize(portal, client);
    expect(new URL(request.url).searchParams.get('nonce')).toBe(request.nonce);
    expect(request.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { tokens, claims } = await client.handleCallback(callbackUrl, request);
    expect(tokens.idToken).toEqual(expect.any(String));
    expect(claims).toMatchObject({
      iss: `${portal.url}/oauth2`,
      aud: [portal.url],
      azp: webApp(portal).clientId,
      sub: admin(portal).id,
      nonce: request.nonce,
    });
  });

  it('rejects the callback when the nonce is not this request’s, and returns no tokens', async () => {
    const client = oidcClient(portal);
    const { request, callbackUrl } = await authorize(portal, client);
    await expect(
      client.handleCallback(callbackUrl, { ...request, nonce: 'a-different-nonce' }),
    ).rejects.toMatchObject({
      code: 'ERR_OIDC_NONCE_MISMATCH',
      message: 'the ID token "nonce" is not the one of this request (a replayed or injected token)',
    });
  });

  it('discovers at {portal}/.well-known first, once for concurrent callers, and again after the TTL', async () => {
    const client = oidcClient(portal, { discoveryTtlMs: 60_000 });
    const [first] = await Promise.all(Array.from({ length: 5 }, () => client.discover()));
    expect(first?.issuer).toBe(portal.url);
    const discoveries = () => portal.requests.filter((entry) => entry.path.includes('.well-known')).length;
    expect(discoveries()).toBe(1);
    await client.discover();
    expect(discoveries()).toBe(1);
    portal.clock.advance(60_001);
    await client.discover();
    expect(discoveries()).toBe(2);
  });

  // Corrected fact: the emulator used to answer issuer = portal + /oauth2 here. A real portal's nginx
  // (DocSpace-buildtools config/nginx/onlyoffice.conf) serves /oauth2/.well-known/* as /.well-known/*,
  // so the issuer is the portal at both paths.
  it('falls back to {portal}/oauth2/.well-known, whose issuer is the portal too (onlyoffice.conf)', async () => {
    portal.faults.add({ path: '/.well-known/openid-configuration', kind: 'status', status: 404 });
    const client = oidcClient(portal);
    expect((await client.discover()).issuer).toBe(portal.url);
    await expect(signIn(portal, client)).resolves.toMatchObject({ claims: { sub: admin(portal).id } });
  });

  it('fails discovery with ERR_OIDC_DISCOVERY_FAILED when neither path answers', async () => {
    portal.faults.add({ path: /well-known/, kind: 'status', status: 503 });
    await expect(oidcClient(portal).discover()).rejects.toMatchObject({
      code: 'ERR_OIDC_DISCOVERY_FAILED',
      message: `OpenID Connect discovery failed at ${portal.url}/.well-known/openid-configuration and ${portal.url}/oauth2/.well-known/openid-configuration`,
      retryable: true,
    });
  });

  it('sends every request through the configured fetch: discovery, JWKS, token, userinfo', async () => {
    const recorder = recordingFetch();
    const client = oidcClient(portal, { fetch: recorder.fetch });
    const { tokens } = await signIn(portal, client);
    await client.userinfo(tokens);
    expect(recorder.paths).toEqual([
      '/.well-known/openid-configuration',
      '/oauth2/token',
      '/oauth2/jwks',
      '/oauth2/userinfo',
    ]);
  });

  it('userinfo returns the access token claims (DocSpace has no profile there)', async () => {
    const client = oidcClient(portal);
    const { tokens, claims } = await signIn(portal, client);
    const info = await client.userinfo(tokens);
    expect(info).toMatchObject({
      sub: claims.sub,
      cid: webApp(portal).clientId,
      iss: `${portal.url}/oauth2`,
    });
    expect(info.email).toBeUndefined();
    await expect(client.userinfo('not-a-token')).rejects.toMatchObject({
      code: 'ERR_AUTH_UNAUTHORIZED',
      status: 401,
    });
  });

  it('refreshes: the re-issued ID token (no nonce) is verified again, same sub', async () => {
    const client = oidcClient(portal);
    const { tokens, claims } = await signIn(portal, client);
    portal.clock.advance(10 * 60_000);
    const refreshed = await client.refresh(tokens.refreshToken!, { subject: claims.sub });
    expect(refreshed.tokens.idToken).not.toBe(tokens.idToken);
    expect(refreshed.claims).toMatchObject({ sub: claims.sub, azp: webApp(portal).clientId });
    expect(refreshed.claims?.nonce).toBeUndefined();
    expect(refreshed.claims!.iat).toBeGreaterThan(claims.iat);
    await expect(
      client.refresh(refreshed.tokens.refreshToken!, { subject: 'someone-else' }),
    ).rejects.toMatchObject({
      code: 'ERR_OIDC_SUBJECT_MISMATCH',
      message: 'the ID token "sub" is not the signed-in user',
    });
  });

  it('signs out by revocation (DocSpace holds no session to end): no end-session URL', async () => {
    const client = oidcClient(portal, { postLogoutRedirectUri: 'http://127.0.0.1/bye' });
    const { tokens } = await signIn(portal, client);
    await expect(client.signOut(tokens)).resolves.toEqual({ revoked: true });
    const oauth = client.asOAuthClient();
    expect((await oauth.introspect(tokens.accessToken)).active).toBe(false);
    await expect(client.refresh(tokens.refreshToken!)).rejects.toMatchObject({
      code: 'ERR_OAUTH_INVALID_GRANT',
    });
  });

  it('strict mode on DocSpace fails where compat mode works (why compat exists)', async () => {
    const app = webApp(portal);
    const options = {
      issuer: portal.url,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri: 'http://127.0.0.1/callback',
      scopes: ['openid'],
      clock: { now: () => portal.clock.now() },
    };
    // Corrected fact: the issuer of tokens ({portal}/oauth2) is never the discovery issuer on a real portal
    // (DocSpace-buildtools config/nginx/onlyoffice.conf), so strict discovery with it fails outright.
    await expect(
      createOidcClient({ ...options, issuer: `${portal.url}/oauth2` }).discover(),
    ).rejects.toMatchObject({
      code: 'ERR_OIDC_DISCOVERY_ISSUER_MISMATCH',
      message: `the discovery "issuer" is not "${portal.url}/oauth2" (OpenID Connect Discovery §4.3)`,
    });
    await expect(signIn(portal, createOidcClient(options))).rejects.toMatchObject({
      code: 'ERR_OIDC_ALG_NOT_ALLOWED',
      message: 'the ID token "alg" "ES256" is not allowed (allowed: RS256)',
    });
    await expect(
      signIn(portal, createOidcClient({ ...options, algorithms: ['ES256'] })),
    ).rejects.toMatchObject({
      code: 'ERR_OIDC_ISSUER_MISMATCH',
      message: `the ID token "iss" is not "${portal.url}"`,
    });
  });
});
