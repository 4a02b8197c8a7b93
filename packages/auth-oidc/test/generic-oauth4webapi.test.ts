// oauth4webapi 3, configured exactly as the README section shows (its configureDocSpace is taken
// from the README example), through every step a DocSpace app takes, with what goes over the wire.
import { createHash } from 'node:crypto';
import { type Emulator, startEmulator } from '@ds/emulator';
import * as oauth from 'oauth4webapi';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ConfigureOauth4webapi,
  type Oauth4webapiDocSpace,
  REDIRECT_URI,
  readmeConfigure,
  recordWire,
  signInWithOauth4webapi,
} from './fixtures/generic-clients.js';
import { admin, webApp } from './fixtures/helpers.js';

let configureDocSpace: ConfigureOauth4webapi;
let portal: Emulator;
beforeAll(async () => {
  configureDocSpace = await readmeConfigure<ConfigureOauth4webapi>('oauth4webapi');
});
beforeEach(async () => {
  portal = await startEmulator({ clock: 'manual' });
});
afterEach(async () => {
  await portal.close();
});

const configure = () => configureDocSpace(portal.url, webApp(portal).clientId, webApp(portal).clientSecret);
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

async function refresh(
  docspace: Oauth4webapiDocSpace,
  refreshToken: string,
): Promise<oauth.TokenEndpointResponse> {
  const { as, client, clientAuth, idTokenClient, options } = docspace;
  const response = await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken, options);
  return oauth.processRefreshTokenResponse(as, idTokenClient, response);
}

async function introspect(
  docspace: Oauth4webapiDocSpace,
  token: string,
  clientAuth: oauth.ClientAuth = docspace.clientAuth,
): Promise<oauth.IntrospectionResponse> {
  const { as, client, options } = docspace;
  const response = await oauth.introspectionRequest(as, client, clientAuth, token, options);
  return oauth.processIntrospectionResponse(as, client, response);
}

describe('oauth4webapi 3 with the README configuration, against the emulator', () => {
  it('signs in with code + PKCE S256 and client_secret_post, and checks the ID token', async () => {
    const app = webApp(portal);
    const docspace = await configure();
    const wire = recordWire();
    const { tokens, authorizationUrl, codeVerifier, nonce } = await signInWithOauth4webapi(
      portal,
      docspace,
      'openid files:read',
      { ...docspace.options, [oauth.customFetch]: wire.fetch },
    );
    expect(Object.fromEntries(authorizationUrl.searchParams)).toMatchObject({
      client_id: app.clientId,
      code_challenge: s256(codeVerifier),
      code_challenge_method: 'S256',
      nonce,
    });
    expect(wire.requests).toHaveLength(1);
    expect(wire.requests[0]!.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(wire.requests[0]!.form)).toMatchObject({
      grant_type: 'authorization_code',
      redirect_uri: REDIRECT_URI,
      client_id: app.clientId,
      client_secret: app.clientSecret,
      code_verifier: codeVerifier,
    });
    expect(oauth.getValidatedIdTokenClaims(tokens)).toMatchObject({
      iss: `${portal.url}/oauth2`,
      aud: [portal.url],
      azp: app.clientId,
      sub: admin(portal).id,
      nonce,
    });
  });

  it('accepts an ID token of another app of the same portal, which only the azp check catches', async () => {
    // Why the README checks azp: with the portal as the audience, any app's ID token from this portal
    // passes the library. Here the seeded public app signs the same user in, and its token response is
    // processed as if it were the web app's.
    const web = await configure();
    const other = portal.seed.clients.find((candidate) => candidate.public)!;
    const publicApp: Oauth4webapiDocSpace = {
      ...web,
      client: { ...web.client, client_id: other.clientId },
      clientAuth: oauth.None(),
    };
    const { tokens } = await signInWithOauth4webapi(portal, publicApp, 'openid files:read');
    expect(oauth.getValidatedIdTokenClaims(tokens)?.azp).toBe(other.clientId);
    expect(oauth.getValidatedIdTokenClaims(tokens)?.azp).not.toBe(web.client.client_id);
    // DocSpace gives public (PKCE, method none) clients no refresh token (docspace-behaviour.md §5.6).
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('rotates the refresh token: the old one then fails with invalid_grant, the newest keeps working', async () => {
    const docspace = await configure();
    const { tokens } = await signInWithOauth4webapi(portal, docspace, 'openid files:read');
    const refreshed = await refresh(docspace, tokens.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    const claims = oauth.getValidatedIdTokenClaims(refreshed);
    expect(claims).toMatchObject({ sub: admin(portal).id, azp: webApp(portal).clientId });
    expect(claims?.nonce).toBeUndefined();
    const replay = refresh(docspace, tokens.refresh_token!);
    await expect(replay).rejects.toBeInstanceOf(oauth.ResponseBodyError);
    await expect(replay).rejects.toMatchObject({ error: 'invalid_grant', status: 400 });
    await expect(refresh(docspace, refreshed.refresh_token!)).resolves.toMatchObject({
      token_type: 'bearer',
    });
  });

  it('reads userinfo (the access token claims) and checks its subject', async () => {
    const docspace = await configure();
    const { as, client, options } = docspace;
    const { tokens } = await signInWithOauth4webapi(portal, docspace, 'openid files:read');
    const userinfo = (subject: string) =>
      oauth
        .userInfoRequest(as, client, tokens.access_token, options)
        .then((response) => oauth.processUserInfoResponse(as, client, subject, response));
    const info = await userinfo(admin(portal).id);
    expect(info).toMatchObject({ sub: admin(portal).id, cid: webApp(portal).clientId });
    expect(info.email).toBeUndefined();
    await expect(userinfo('someone-else')).rejects.toMatchObject({
      code: 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
      message: 'unexpected "response" body "sub" property value',
    });
  });

  it('introspects with or without the secret, revokes with it; revocation ends the sign-in', async () => {
    const app = webApp(portal);
    const docspace = await configure();
    const { as, client, clientAuth, options } = docspace;
    const { tokens } = await signInWithOauth4webapi(portal, docspace, 'files:read');
    expect(tokens.id_token).toBeUndefined();
    const active = { active: true, client_id: app.clientId, sub: admin(portal).id, scope: 'files:read' };
    await expect(introspect(docspace, tokens.access_token)).resolves.toMatchObject(active);
    // DocSpace's introspection endpoint needs no client authentication (docspace-behaviour.md §5.7).
    await expect(introspect(docspace, tokens.access_token, oauth.None())).resolves.toMatchObject(active);
    const wire = recordWire();
    const revocation = await oauth.revocationRequest(as, client, clientAuth, tokens.refresh_token!, {
      ...options,
      [oauth.customFetch]: wire.fetch,
    });
    await oauth.processRevocationResponse(revocation);
    expect(Object.fromEntries(wire.requests[0]!.form)).toEqual({
      token: tokens.refresh_token,
      client_id: app.clientId,
      client_secret: app.clientSecret,
    });
    await expect(introspect(docspace, tokens.access_token)).resolves.toEqual({ active: false });
    await expect(refresh(docspace, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('gets invalid_client at revocation without client credentials, as a portal answers', async () => {
    const docspace = await configure();
    const { as, client, options } = docspace;
    const { tokens } = await signInWithOauth4webapi(portal, docspace, 'files:read');
    const revocation = await oauth.revocationRequest(
      as,
      client,
      oauth.None(),
      tokens.refresh_token!,
      options,
    );
    const refusal = oauth.processRevocationResponse(revocation);
    await expect(refusal).rejects.toBeInstanceOf(oauth.ResponseBodyError);
    await expect(refusal).rejects.toMatchObject({ error: 'invalid_client', status: 401 });
    await expect(introspect(docspace, tokens.access_token)).resolves.toMatchObject({ active: true });
  });
});
