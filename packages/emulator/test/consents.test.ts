import { describe, expect, it } from 'vitest';
import {
  adminToken,
  authorizeUrl,
  basicAuth,
  call,
  codeFlow,
  postForm,
  signatureFor,
  start,
  withSignature,
} from './helpers.js';

// Sources: common/ASC.Identity/registration/registration-application/src/main/java/com/asc/registration/
// application/controller/ClientQueryController.java (getConsents), ClientCommandController.java
// (revokeUserClient), service/ConsentService.java; common/ASC.Identity/authorization/authorization-application/
// .../service/AuthorizationGrpcServer.java (getConsents, revokeConsents) and
// .../security/oauth/service/AuthorizationService.java (remove: authorizations and consents of the pair).

describe('consents (ClientQueryController.java getConsents, ClientCommandController.java revokeUserClient)', () => {
  it('lists the caller’s authorized apps with scopes as one space-joined string, newest first', async () => {
    const emulator = await start({ clock: 'manual' });
    await codeFlow(emulator, { scope: 'openid files:read' });
    emulator.clock.advance(1_000);
    await codeFlow(emulator, { scope: 'files:read', clientIndex: 1 });
    const signature = await signatureFor(emulator, await adminToken(emulator));
    const res = await withSignature(`${emulator.url}/api/2.0/clients/consents?limit=1`, signature);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      data: [
        {
          registered_client_id: emulator.seed.clients[1]!.clientId,
          scopes: 'files:read',
          modified_at: new Date(emulator.clock.now()).toISOString(),
          client: expect.objectContaining({
            name: 'Emulator Public App',
            client_id: emulator.seed.clients[1]!.clientId,
          }),
        },
      ],
      last_modified_on: new Date(emulator.clock.now()).toISOString(),
      limit: 1,
    });
    const next = await withSignature(
      `${emulator.url}/api/2.0/clients/consents?limit=1&last_modified_on=${encodeURIComponent(res.json.last_modified_on)}`,
      signature,
    );
    expect(next.json.data.map((consent: { scopes: string }) => consent.scopes)).toEqual([
      'openid files:read',
    ]);
    expect(next.json.last_modified_on).toBeNull();
    const other = await signatureFor(emulator, basicAuth('user@docspace.test', 'User-pass-1'));
    expect(
      (await withSignature(`${emulator.url}/api/2.0/clients/consents?limit=5`, other)).json.data,
    ).toEqual([]);
  });

  it('requires the limit parameter', async () => {
    const emulator = await start();
    const res = await withSignature(
      `${emulator.url}/api/2.0/clients/consents`,
      await signatureFor(emulator, await adminToken(emulator)),
    );
    expect([res.status, res.json.detail]).toEqual([
      400,
      "Required request parameter 'limit' for method parameter type int is not present",
    ]);
  });

  it('revokes the caller’s consent: the refresh token and the access token stop working, the consent screen returns', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const tokens = await codeFlow(emulator, { scope: 'files:read openid' });
    const pat = await adminToken(emulator);
    const signature = await signatureFor(emulator, pat);
    const again = () =>
      call(
        authorizeUrl(emulator, {
          client_id: client.clientId,
          scope: 'files:read',
          redirect_uri: 'http://127.0.0.1/callback',
        }),
        {
          headers: { cookie: `asc_auth_key=${encodeURIComponent(pat)}` },
        },
      );
    expect((await again()).status).toBe(302);
    const revoked = await withSignature(
      `${emulator.url}/api/2.0/clients/${client.clientId}/revoke`,
      signature,
      'DELETE',
    );
    expect([revoked.status, revoked.text]).toEqual([200, '']);
    const refresh = await postForm(`${emulator.url}/oauth2/token`, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expect([refresh.status, refresh.json.error]).toEqual([400, 'invalid_grant']);
    const api = await call(`${emulator.url}/api/2.0/files/@my`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(api.status).toBe(401);
    expect(
      (await withSignature(`${emulator.url}/api/2.0/clients/consents?limit=5`, signature)).json.data,
    ).toEqual([]);
    const consentPage = await again();
    expect([consentPage.status, consentPage.text]).toEqual([
      200,
      expect.stringContaining('Authorize access'),
    ]);
    // Unknown ids are no error: the authorization service just deletes nothing.
    expect(
      (await withSignature(`${emulator.url}/api/2.0/clients/nope/revoke`, signature, 'DELETE')).status,
    ).toBe(200);
  });
});
