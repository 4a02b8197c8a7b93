import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { call, codeFlow, postForm, start } from './helpers.js';

describe('OpenID Connect (docs/docspace-behaviour.md §6)', () => {
  it('serves discovery with the RS256 mistake while signing ES256', async () => {
    const emulator = await start();
    const res = await call(`${emulator.url}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      issuer: emulator.url,
      authorization_endpoint: `${emulator.url}/oauth2/authorize`,
      token_endpoint: `${emulator.url}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post'],
      jwks_uri: `${emulator.url}/oauth2/jwks`,
      userinfo_endpoint: `${emulator.url}/oauth2/userinfo`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'personal_access_token'],
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
    const { id_token } = await codeFlow(emulator);
    expect(decodeProtectedHeader(id_token).alg).toBe('ES256');
  });

  // Corrected fact (docs/docspace-behaviour.md §6.1): /oauth2/.well-known used to answer issuer
  // {portal}/oauth2, and /.well-known/openid-configuration/oauth2 was served. DocSpace-buildtools
  // config/nginx/onlyoffice.conf (location ^(?:/oauth2)?(/\.well-known/(?:oauth-authorization-server|openid-configuration))?$)
  // rewrites /oauth2/.well-known/* to /.well-known/*, where Spring derives issuer = the origin.
  it('serves the same document with issuer = {portal} at /.well-known and /oauth2/.well-known (onlyoffice.conf)', async () => {
    const emulator = await start();
    for (const path of [
      '/.well-known/openid-configuration',
      '/oauth2/.well-known/openid-configuration',
      '/oauth2/.well-known/oauth-authorization-server',
      '/.well-known/oauth-authorization-server',
    ]) {
      const res = await call(emulator.url + path);
      expect(res.status, path).toBe(200);
      expect([path, res.json.issuer, res.json.jwks_uri]).toEqual([
        path,
        emulator.url,
        `${emulator.url}/oauth2/jwks`,
      ]);
    }
    for (const path of [
      '/.well-known/openid-configuration/oauth2',
      '/.well-known/oauth-authorization-server/oauth2',
      '/api/2.0/oauth2/.well-known/openid-configuration',
    ])
      expect([path, (await call(emulator.url + path)).status]).toEqual([path, 404]);
  });

  it('lists tls_client_certificate_bound_access_tokens and the DPoP algorithms like upstream (OidcProviderConfigurationEndpointFilter.java)', async () => {
    // spring-security oauth2-authorization-server .../oidc/web/OidcProviderConfigurationEndpointFilter.java;
    // DocSpace's customizer (AuthorizationServerConfiguration.java) does not remove them.
    const emulator = await start();
    const res = await call(`${emulator.url}/.well-known/openid-configuration`);
    expect(res.json.tls_client_certificate_bound_access_tokens).toBe(true);
    expect(res.json.dpop_signing_alg_values_supported).toEqual([
      'RS256',
      'RS384',
      'RS512',
      'PS256',
      'PS384',
      'PS512',
      'ES256',
      'ES384',
      'ES512',
    ]);
  });

  it('issues an ID token with aud = [portal], azp = client id, cid, nonce and exp = iat + 30 min', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const { id_token } = await codeFlow(emulator, { nonce: 'n-123' });
    const jwks = createLocalJWKSet((await call(`${emulator.url}/oauth2/jwks`)).json);
    const { payload } = await jwtVerify(id_token, jwks, {
      issuer: `${emulator.url}/oauth2`,
      audience: emulator.url,
    });
    expect(payload).toMatchObject({
      sub: emulator.seed.users[0]!.id,
      aud: [emulator.url],
      azp: client.clientId,
      cid: client.clientId,
      tid: 1,
      nonce: 'n-123',
    });
    expect(payload.exp! - payload.iat!).toBe(1800);
  });

  it('re-issues the ID token on refresh when openid was granted', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const tokens = await codeFlow(emulator, { scope: 'openid files:read' });
    const refreshed = await postForm(`${emulator.url}/oauth2/token`, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expect(decodeJwt(refreshed.json.id_token).azp).toBe(client.clientId);
    const noOpenid = await codeFlow(emulator, { scope: 'files:read' });
    expect(noOpenid.id_token).toBeUndefined();
  });

  it('returns the access token claims from userinfo and needs openid', async () => {
    const emulator = await start();
    const tokens = await codeFlow(emulator);
    const res = await call(`${emulator.url}/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual(decodeJwt(tokens.access_token));
    expect(res.json.email).toBeUndefined();
    const noOpenid = await codeFlow(emulator, { scope: 'files:read' });
    const denied = await call(`${emulator.url}/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${noOpenid.access_token}` },
    });
    expect(denied.status).toBe(403);
    expect(denied.json.error).toBe('insufficient_scope');
    expect((await call(`${emulator.url}/oauth2/userinfo`)).status).toBe(401);
  });

  it('rotates signing keys, keeps the retired key published for a while, and can drop it', async () => {
    const emulator = await start({ clock: 'manual', retiredKeyTtlSeconds: 600 });
    const old = await codeFlow(emulator, { scope: 'files:read' });
    const oldKid = decodeProtectedHeader(old.access_token).kid;
    const newKid = await emulator.rotateSigningKey();
    const kids = (await call(`${emulator.url}/oauth2/jwks`)).json.keys.map((key: { kid: string }) => key.kid);
    expect(kids).toEqual([newKid, oldKid]);
    const fresh = await codeFlow(emulator, { scope: 'files:read' });
    expect(decodeProtectedHeader(fresh.access_token).kid).toBe(newKid);
    expect(
      (
        await call(`${emulator.url}/api/2.0/files/@my`, {
          headers: { authorization: `Bearer ${old.access_token}` },
        })
      ).status,
    ).toBe(200);
    emulator.clock.advance(600_000);
    expect((await call(`${emulator.url}/oauth2/jwks`)).json.keys).toHaveLength(1);
    expect(
      (
        await call(`${emulator.url}/api/2.0/files/@my`, {
          headers: { authorization: `Bearer ${old.access_token}` },
        })
      ).status,
    ).toBe(401);
    await emulator.rotateSigningKey({ keepRetired: false });
    expect((await call(`${emulator.url}/oauth2/jwks`)).json.keys).toHaveLength(1);
  });

  it('publishes EC P-256 keys with use sig and alg ES256', async () => {
    const emulator = await start();
    const [key] = (await call(`${emulator.url}/oauth2/jwks`)).json.keys;
    expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', use: 'sig', alg: 'ES256' });
  });
});
