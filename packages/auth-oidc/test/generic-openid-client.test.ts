// openid-client 6, configured exactly as the README section shows (its configureDocSpace is taken
// from the README example), through every step a DocSpace app takes, with what goes over the wire.
import { createHash } from 'node:crypto';
import { type Emulator, startEmulator } from '@ds/emulator';
import { decodeProtectedHeader } from 'jose';
import * as client from 'openid-client';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ConfigureOpenidClient,
  readmeConfigure,
  recordWire,
  signInWithOpenidClient,
} from './fixtures/generic-clients.js';
import { admin, webApp } from './fixtures/helpers.js';

let configureDocSpace: ConfigureOpenidClient;
let portal: Emulator;
beforeAll(async () => {
  configureDocSpace = await readmeConfigure<ConfigureOpenidClient>('openid-client');
});
beforeEach(async () => {
  portal = await startEmulator({ clock: 'manual' });
});
afterEach(async () => {
  await portal.close();
});

const configure = () => configureDocSpace(portal.url, webApp(portal).clientId, webApp(portal).clientSecret);
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

describe('openid-client 6 with the README configuration, against the emulator', () => {
  it('signs in with code + PKCE S256 and client_secret_post, and checks the ES256 ID token', async () => {
    const app = webApp(portal);
    const config = await configure();
    const wire = recordWire();
    config[client.customFetch] = wire.fetch;
    const { tokens, authorizationUrl, codeVerifier, nonce } = await signInWithOpenidClient(
      portal,
      config,
      app.clientId,
      'openid files:read',
    );
    expect(Object.fromEntries(authorizationUrl.searchParams)).toMatchObject({
      client_id: app.clientId,
      response_type: 'code',
      code_challenge: s256(codeVerifier),
      code_challenge_method: 'S256',
      nonce,
    });
    const [exchange] = wire.requests;
    expect(exchange).toMatchObject({ method: 'POST', path: '/oauth2/token' });
    expect(exchange!.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(exchange!.form)).toMatchObject({
      grant_type: 'authorization_code',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      code_verifier: codeVerifier,
    });
    expect(decodeProtectedHeader(tokens.id_token!).alg).toBe('ES256');
    expect(tokens.claims()).toMatchObject({
      iss: `${portal.url}/oauth2`,
      aud: [portal.url],
      azp: app.clientId,
      cid: app.clientId,
      sub: admin(portal).id,
      nonce,
    });
  });

  it('needs the real client id in the authorization URL: the configured one is the portal', async () => {
    const config = await configure();
    expect(config.clientMetadata().client_id).toBe(portal.url);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: 'http://127.0.0.1/callback',
      scope: 'openid',
    });
    // DocSpace sends the browser to its own page for an unknown client (docspace-behaviour.md §5.4).
    const landing = new URL(await portal.authorize(url, admin(portal)));
    expect(landing.pathname).toBe('/login');
    expect(Object.fromEntries(landing.searchParams)).toEqual({
      type: 'oauth2',
      client_id: portal.url,
      error: 'client_not_found_error',
    });
  });

  it('rotates the refresh token: the old one then fails with invalid_grant, the newest keeps working', async () => {
    const app = webApp(portal);
    const config = await configure();
    const { tokens } = await signInWithOpenidClient(portal, config, app.clientId, 'openid files:read');
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    // The re-issued ID token passes the same checks and carries no nonce (docspace-behaviour.md §6.3).
    expect(refreshed.claims()).toMatchObject({ sub: admin(portal).id, azp: app.clientId });
    expect(refreshed.claims()?.nonce).toBeUndefined();
    const replay = client.refreshTokenGrant(config, tokens.refresh_token!);
    await expect(replay).rejects.toBeInstanceOf(client.ResponseBodyError);
    await expect(replay).rejects.toMatchObject({ error: 'invalid_grant', status: 400 });
    // The replay revoked nothing: one refresh token per authorization, just not found (§5.6).
    const again = await client.refreshTokenGrant(config, refreshed.refresh_token!);
    expect(again.claims()?.sub).toBe(admin(portal).id);
  });

  it('reads userinfo (the access token claims) and checks its subject', async () => {
    const app = webApp(portal);
    const config = await configure();
    const { tokens } = await signInWithOpenidClient(portal, config, app.clientId, 'openid files:read');
    const info = await client.fetchUserInfo(config, tokens.access_token, admin(portal).id);
    expect(info).toMatchObject({ sub: admin(portal).id, cid: app.clientId, iss: `${portal.url}/oauth2` });
    expect(info.email).toBeUndefined();
    await expect(client.fetchUserInfo(config, tokens.access_token, 'someone-else')).rejects.toMatchObject({
      code: 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
      cause: { message: 'unexpected "response" body "sub" property value' },
    });
  });

  // Upstream Spring Authorization Server refuses userinfo without openid as insufficient_scope (403);
  // the WWW-Authenticate challenge is the emulator's, not confirmed on a portal (docspace-behaviour.md §6.4).
  it('throws the challenge of the emulator’s userinfo refusal for a token without openid', async () => {
    const app = webApp(portal);
    const config = await configure();
    const { tokens } = await signInWithOpenidClient(portal, config, app.clientId, 'files:read');
    expect(tokens.id_token).toBeUndefined();
    expect(tokens.claims()).toBeUndefined();
    const refusal = client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck);
    await expect(refusal).rejects.toBeInstanceOf(client.WWWAuthenticateChallengeError);
    await expect(refusal).rejects.toMatchObject({
      status: 403,
      cause: [{ scheme: 'bearer', parameters: { error: 'insufficient_scope' } }],
    });
  });

  it('introspects and revokes with the client credentials in the body; revocation ends the sign-in', async () => {
    const app = webApp(portal);
    const config = await configure();
    const { tokens } = await signInWithOpenidClient(portal, config, app.clientId, 'openid files:read');
    const wire = recordWire();
    config[client.customFetch] = wire.fetch;
    await expect(client.tokenIntrospection(config, tokens.access_token)).resolves.toMatchObject({
      active: true,
      client_id: app.clientId,
      sub: admin(portal).id,
      scope: 'openid files:read',
    });
    await client.tokenRevocation(config, tokens.refresh_token!);
    expect(wire.requests.map((request) => request.path)).toEqual(['/oauth2/introspect', '/oauth2/revoke']);
    for (const request of wire.requests) {
      expect(request.headers.authorization).toBeUndefined();
      expect(request.form.get('client_id')).toBe(app.clientId);
      expect(request.form.get('client_secret')).toBe(app.clientSecret);
    }
    await expect(client.tokenIntrospection(config, tokens.access_token)).resolves.toEqual({ active: false });
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });
});
