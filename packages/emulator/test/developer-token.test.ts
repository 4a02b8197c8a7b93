import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { adminToken, basicAuth, call, postForm, signatureFor, start } from './helpers.js';

// Sources: common/ASC.Identity/authorization/authorization-application/src/main/java/com/asc/authorization/
// application/security/oauth/converter/PersonalAccessTokenAuthenticationConverter.java and
// .../security/oauth/provider/PersonalAccessTokenAuthenticationProvider.java; the web UI's
// generateDevelopToken (DocSpace-client packages/shared/api/oauth/index.ts). docs/docspace-behaviour.md §5.5.

const ERROR_URI = 'https://datatracker.ietf.org/doc/html/rfc6749#section-5.2';

async function setup(options: Parameters<typeof start>[0] = {}) {
  const emulator = await start(options);
  const client = emulator.seed.clients[0]!;
  const signature = await signatureFor(emulator, await adminToken(emulator));
  const grant = (
    form: Record<string, string>,
    headers: Record<string, string> = { 'x-signature': signature },
  ) =>
    postForm(
      `${emulator.url}/oauth2/token`,
      {
        grant_type: 'personal_access_token',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        ...form,
      },
      headers,
    );
  return { emulator, client, signature, grant };
}

describe('the personal_access_token grant (PersonalAccessTokenAuthenticationProvider.java)', () => {
  it('issues an access token only (no refresh or ID token) for the signed-in user, usable on the API', async () => {
    const { emulator, client, grant } = await setup();
    const res = await grant({ scope: 'files:read openid' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json)).toEqual(['access_token', 'scope', 'token_type', 'expires_in']);
    expect(res.json).toMatchObject({ scope: 'files:read openid', token_type: 'Bearer', expires_in: 3599 });
    expect(decodeJwt(res.json.access_token)).toMatchObject({
      sub: emulator.seed.users[0]!.id,
      cid: client.clientId,
      aud: [emulator.url],
      iss: `${emulator.url}/oauth2`,
      scope: ['files:read', 'openid'],
    });
    const api = await call(`${emulator.url}/api/2.0/files/@my`, {
      headers: { authorization: `Bearer ${res.json.access_token}` },
    });
    expect(api.status).toBe(200);
  });

  it('keeps one developer token per app and user: a new one replaces the last', async () => {
    const { emulator, grant } = await setup();
    const first = (await grant({ scope: 'files:read' })).json.access_token;
    const second = (await grant({ scope: 'files:read' })).json.access_token;
    const introspect = (token: string) => postForm(`${emulator.url}/oauth2/introspect`, { token });
    expect((await introspect(first)).json.active).toBe(false);
    expect((await introspect(second)).json.active).toBe(true);
  });

  it('reads the x-signature from the cookie too', async () => {
    const { signature, grant } = await setup();
    expect((await grant({ scope: 'files:read' }, { cookie: `x-signature=${signature}` })).status).toBe(200);
  });

  it('answers the converter’s errors: scope, missing and bad signatures (PersonalAccessTokenAuthenticationConverter.java)', async () => {
    const { grant } = await setup();
    const missingScope = await grant({});
    expect([missingScope.status, missingScope.json]).toEqual([
      400,
      { error: 'invalid_request', error_description: 'OAuth 2.0 Parameter: scope', error_uri: ERROR_URI },
    ]);
    const blank = await grant({ scope: ' ' });
    expect(blank.json.error_description).toBe('OAuth 2.0 Parameter: scope');
    const noSignature = await grant({ scope: 'files:read' }, {});
    expect([noSignature.status, noSignature.json]).toEqual([
      400,
      { error: 'unauthorized_client', error_description: 'OAuth 2.0 Parameter: token', error_uri: ERROR_URI },
    ]);
    const badSignature = await grant({ scope: 'files:read' }, { 'x-signature': 'a.b.c' });
    expect([badSignature.status, badSignature.json]).toEqual([
      400,
      {
        error: 'server_error',
        error_description: 'OAuth 2.0 Parameter: internal_parameter',
        error_uri: ERROR_URI,
      },
    ]);
  });

  it('rejects two scope parameters, scopes the app lacks and guests', async () => {
    const { emulator, client, signature, grant } = await setup();
    const twice = await call(`${emulator.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-signature': signature },
      body: `grant_type=personal_access_token&client_id=${client.clientId}&client_secret=${client.clientSecret}&scope=files:read&scope=rooms:read`,
    });
    expect([twice.status, twice.json.error, twice.json.error_description]).toEqual([
      400,
      'invalid_request',
      'OAuth 2.0 Parameter: scope',
    ]);
    const narrow = emulator.addClient({ name: 'Narrow', scopes: ['files:read'] });
    const outside = await postForm(
      `${emulator.url}/oauth2/token`,
      {
        grant_type: 'personal_access_token',
        client_id: narrow.clientId,
        client_secret: narrow.clientSecret,
        scope: 'rooms:read',
      },
      { 'x-signature': signature },
    );
    expect([outside.status, outside.json]).toEqual([400, { error: 'invalid_scope' }]);
    emulator.addUser({ email: 'guest@docspace.test', password: 'Guest-pass-1', role: 'guest' });
    const guestSignature = await signatureFor(emulator, basicAuth('guest@docspace.test', 'Guest-pass-1'));
    const guest = await grant({ scope: 'files:read' }, { 'x-signature': guestSignature });
    expect([guest.status, guest.json]).toEqual([
      400,
      {
        error: 'access_denied',
        error_description: 'Guests are not allowed to generate personal access tokens',
      },
    ]);
  });

  it('needs client_secret_post: a public client without its secret is invalid_client', async () => {
    const { emulator, signature } = await setup();
    const publicApp = emulator.seed.clients[1]!;
    const res = await postForm(
      `${emulator.url}/oauth2/token`,
      { grant_type: 'personal_access_token', client_id: publicApp.clientId, scope: 'files:read' },
      { 'x-signature': signature },
    );
    expect([res.status, res.json.error]).toEqual([401, 'invalid_client']);
  });
});
