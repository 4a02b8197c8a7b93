import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { codeFlow, postForm, start } from './helpers.js';

describe('OAuth revocation and introspection (docs/docspace-behaviour.md §5.7)', () => {
  it('introspects without client authentication and returns the documented fields', async () => {
    const emulator = await start();
    const tokens = await codeFlow(emulator);
    const res = await postForm(`${emulator.url}/oauth2/introspect`, { token: tokens.access_token });
    expect(res.status).toBe(200);
    const claims = decodeJwt(tokens.access_token);
    expect(res.json).toEqual({
      active: true,
      sub: emulator.seed.users[0]!.id,
      aud: [emulator.url],
      scope: 'openid files:read rooms:read accounts.self:read',
      iss: `${emulator.url}/oauth2`,
      exp: claims.exp,
      iat: claims.iat,
      nbf: claims.nbf,
      jti: claims.jti,
      tid: 1,
      cid: emulator.seed.clients[0]!.clientId,
      client_id: emulator.seed.clients[0]!.clientId,
      token_type: 'Bearer',
    });
  });

  it('issues ES256 access tokens with kid and the real claims', async () => {
    const emulator = await start({ clock: 'manual', accessTokenTtlSeconds: 600 });
    const tokens = await codeFlow(emulator);
    expect(decodeProtectedHeader(tokens.access_token)).toEqual({ kid: expect.any(String), alg: 'ES256' });
    const claims = decodeJwt(tokens.access_token);
    expect(Object.keys(claims)).toEqual([
      'sub',
      'aud',
      'nbf',
      'scope',
      'iss',
      'exp',
      'iat',
      'jti',
      'tid',
      'cid',
    ]);
    expect(claims.scope).toEqual(['openid', 'files:read', 'rooms:read', 'accounts.self:read']);
    expect(claims.iat).toBe(Math.floor(emulator.clock.now() / 1000));
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(tokens.expires_in).toBe(599);
  });

  it('revokes with token + client_id + client_secret: 200 with an empty body', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const tokens = await codeFlow(emulator);
    const res = await postForm(`${emulator.url}/oauth2/revoke`, {
      token: tokens.access_token,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expect([res.status, res.text]).toEqual([200, '']);
    expect(
      (await postForm(`${emulator.url}/oauth2/introspect`, { token: tokens.access_token })).json,
    ).toEqual({ active: false });
    expect(
      (await postForm(`${emulator.url}/oauth2/introspect`, { token: tokens.refresh_token })).json.active,
    ).toBe(true);
  });

  it('revoking the refresh token kills the access token too', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const tokens = await codeFlow(emulator);
    await postForm(`${emulator.url}/oauth2/revoke`, {
      token: tokens.refresh_token,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expect(
      (await postForm(`${emulator.url}/oauth2/introspect`, { token: tokens.access_token })).json.active,
    ).toBe(false);
  });

  it('requires client authentication to revoke (401 invalid_client)', async () => {
    const emulator = await start();
    const tokens = await codeFlow(emulator);
    const res = await postForm(`${emulator.url}/oauth2/revoke`, {
      token: tokens.access_token,
      client_id: emulator.seed.clients[0]!.clientId,
    });
    expect(res.status).toBe(401);
    expect(res.json.error).toBe('invalid_client');
  });

  it('reports inactive when the client is disabled or consent is revoked', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const tokens = await codeFlow(emulator);
    emulator.setClientEnabled(client.clientId, false);
    expect(
      (await postForm(`${emulator.url}/oauth2/introspect`, { token: tokens.access_token })).json.active,
    ).toBe(false);
    emulator.setClientEnabled(client.clientId, true);
    expect(
      (await postForm(`${emulator.url}/oauth2/introspect`, { token: tokens.access_token })).json.active,
    ).toBe(true);
    emulator.revokeConsent({ email: 'admin@docspace.test', clientId: client.clientId });
    expect(
      (await postForm(`${emulator.url}/oauth2/introspect`, { token: tokens.access_token })).json.active,
    ).toBe(false);
  });
});
