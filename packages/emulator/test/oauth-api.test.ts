import { SignJWT } from 'jose';
import { generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { call, codeFlow, postJson, start } from './helpers.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('OAuth tokens at the API (docs/docspace-behaviour.md §5.3, §5.7)', () => {
  it('lets a token reach only files, rooms, people and group endpoints among those that need authorization', async () => {
    const emulator = await start();
    const { access_token } = await codeFlow(emulator, {
      scope: 'openid files:read rooms:read accounts.self:read',
    });
    const get = (path: string) => call(`${emulator.url}/api/2.0/${path}`, { headers: bearer(access_token) });
    expect((await get('files/@my')).status).toBe(200);
    expect((await get('files/rooms')).status).toBe(200);
    expect((await get('people/@self')).status).toBe(200);
    for (const path of ['keys', 'people', 'security/activeconnections', 'security/oauth2/token']) {
      const res = await get(path);
      expect([path, res.status, res.text]).toEqual([path, 403, '']);
    }
  });

  // Corrected fact (docs/docspace-behaviour.md §5.3): this test used to expect 403 on these three.
  // common/ASC.Api.Core/Auth/AuthorizationExtension.cs WithRequirementAuthorization adds the scope policy
  // only to endpoints without [AllowAnonymous], and common/ASC.Api.Core/Middleware/ApiKeyScopesFilter.cs
  // checks [AllowAnonymous] endpoints for sk- keys only (AuthenticationController.cs, CapabilitiesController.cs,
  // Settings/SettingsController.cs mark them [AllowAnonymous]).
  it('never scope-checks a JWT on [AllowAnonymous] endpoints: /authentication answers true (AuthorizationExtension.cs)', async () => {
    const emulator = await start();
    const { access_token } = await codeFlow(emulator, { scope: 'openid' });
    const get = (path: string) => call(`${emulator.url}/api/2.0/${path}`, { headers: bearer(access_token) });
    const authentication = await get('authentication');
    expect([authentication.status, authentication.json.response]).toEqual([200, true]);
    const capabilities = await get('capabilities');
    expect([capabilities.status, capabilities.json.response.oauthEnabled]).toEqual([200, true]);
    const settings = await get('settings');
    expect([settings.status, settings.json.response.passwordHash.iterations]).toEqual([200, 100_000]);
    const narrowKey = emulator.seed.apiKeys[1]!.key;
    const keyed = await call(`${emulator.url}/api/2.0/authentication`, { headers: bearer(narrowKey) });
    expect([keyed.status, keyed.text]).toEqual([403, '']);
  });

  it('answers 403 with an empty body for a missing scope (openid-only token on @self)', async () => {
    const emulator = await start();
    const { access_token } = await codeFlow(emulator, { scope: 'openid' });
    const res = await call(`${emulator.url}/api/2.0/people/@self`, { headers: bearer(access_token) });
    expect([res.status, res.text]).toEqual([403, '']);
    const write = await postJson(
      `${emulator.url}/api/2.0/files/rooms`,
      { title: 'x' },
      bearer((await codeFlow(emulator, { scope: 'rooms:read' })).access_token),
    );
    expect(write.status).toBe(403);
  });

  it('creates a room with rooms:write', async () => {
    const emulator = await start();
    const { access_token } = await codeFlow(emulator, { scope: 'rooms:write' });
    const res = await postJson(
      `${emulator.url}/api/2.0/files/rooms`,
      { title: 'Contracts', roomType: 2 },
      bearer(access_token),
    );
    expect(res.status).toBe(200);
    expect(res.json.response).toMatchObject({ title: 'Contracts', roomType: 2 });
    const list = await call(`${emulator.url}/api/2.0/files/rooms`, { headers: bearer(access_token) });
    expect(list.json.response.folders.map((room: { title: string }) => room.title)).toEqual(['Contracts']);
  });

  it('accepts an expired token within the 2 minute skew and rejects it after', async () => {
    const emulator = await start({ clock: 'manual', accessTokenTtlSeconds: 60 });
    const { access_token } = await codeFlow(emulator, { scope: 'files:read' });
    emulator.clock.advance(60_000 + 119_000);
    expect((await call(`${emulator.url}/api/2.0/files/@my`, { headers: bearer(access_token) })).status).toBe(
      200,
    );
    emulator.clock.advance(2_000);
    const res = await call(`${emulator.url}/api/2.0/files/@my`, { headers: bearer(access_token) });
    expect([res.status, res.text]).toEqual([401, '']);
  });

  it('rejects a revoked token at once (the API introspects)', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const { access_token } = await codeFlow(emulator, { scope: 'files:read' });
    await call(`${emulator.url}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: access_token,
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }),
    });
    const res = await call(`${emulator.url}/api/2.0/files/@my`, { headers: bearer(access_token) });
    expect([res.status, res.text]).toEqual([401, '']);
  });

  it('rejects a token with a foreign signature, a wrong iss or a wrong aud', async () => {
    const emulator = await start();
    const { access_token } = await codeFlow(emulator, { scope: 'files:read' });
    const [header, payload] = access_token.split('.');
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT(JSON.parse(Buffer.from(payload!, 'base64url').toString()))
      .setProtectedHeader(JSON.parse(Buffer.from(header!, 'base64url').toString()))
      .sign(privateKey);
    expect((await call(`${emulator.url}/api/2.0/files/@my`, { headers: bearer(forged) })).status).toBe(401);
    const foreignPortal = await start();
    const { access_token: other } = await codeFlow(foreignPortal, { scope: 'files:read' });
    expect((await call(`${emulator.url}/api/2.0/files/@my`, { headers: bearer(other) })).status).toBe(401);
  });

  it('mints tokens with issueAccessToken() for tests that skip the browser dance', async () => {
    const emulator = await start();
    const token = await emulator.issueAccessToken({
      email: 'user@docspace.test',
      clientId: emulator.seed.clients[0]!.clientId,
      scopes: ['accounts.self:read'],
    });
    const res = await call(`${emulator.url}/api/2.0/people/@self`, { headers: bearer(token) });
    expect(res.json.response.email).toBe('user@docspace.test');
  });
});
