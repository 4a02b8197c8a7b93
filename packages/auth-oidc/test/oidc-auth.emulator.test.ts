import { createDocSpaceClient } from '@ds/auth-core';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOidcAuth } from '../src/index.js';
import { admin, oidcClient, signIn } from './fixtures/helpers.js';

let portal: Emulator;
beforeEach(async () => {
  portal = await startEmulator({ clock: 'manual' });
});
afterEach(async () => {
  await portal.close();
});
const SCOPES = ['openid', 'accounts.self:read'];

describe('createOidcAuth (the API-call strategy)', () => {
  it('calls the API as the signed-in user and refreshes with a re-verified ID token', async () => {
    const client = oidcClient(portal, { scopes: SCOPES });
    const { tokens } = await signIn(portal, client);
    const auth = createOidcAuth({ client, tokens, clock: { now: () => portal.clock.now() } });
    expect(auth.kind).toBe('oidc');
    const docspace = createDocSpaceClient({ baseUrl: client.apiBaseUrl(tokens), auth });
    expect((await docspace.get<{ email: string }>('/api/2.0/people/@self')).email).toBe(admin(portal).email);
    portal.clock.advance(61 * 60_000);
    expect((await docspace.get<{ email: string }>('/api/2.0/people/@self')).email).toBe(admin(portal).email);
    const refreshed = (await auth.getTokens())!;
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.idToken).not.toBe(tokens.idToken);
  });

  it('does not use refreshed tokens whose ID token fails verification', async () => {
    let foreignIdToken = '';
    // A token endpoint (or a proxy) that answers the refresh with another application's ID token.
    const tampering: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).endsWith('/oauth2/token') || !String(init?.body).includes('refresh_token'))
        return response;
      const body = (await response.json()) as Record<string, unknown>;
      return Response.json({ ...body, id_token: foreignIdToken });
    };
    const client = oidcClient(portal, { scopes: SCOPES, fetch: tampering });
    const { tokens } = await signIn(portal, client);
    const auth = createOidcAuth({ client, tokens, clock: { now: () => portal.clock.now() } });
    portal.clock.advance(61 * 60_000);
    const second = portal.addClient({
      name: 'Other App',
      redirectUris: ['http://127.0.0.1/callback'],
      scopes: SCOPES,
    });
    const other = oidcClient(portal, {
      clientId: second.clientId,
      clientSecret: second.clientSecret,
      scopes: SCOPES,
    });
    foreignIdToken = (await signIn(portal, other)).tokens.idToken!;
    await expect(auth.authenticate()).rejects.toMatchObject({
      code: 'ERR_OIDC_AZP_MISMATCH',
      message: 'the ID token "azp" is not this client id (a token for another application)',
    });
  });

  it('revokes in a fresh process (discovers the revocation endpoint first)', async () => {
    const { tokens } = await signIn(portal, oidcClient(portal, { scopes: SCOPES }));
    const fresh = oidcClient(portal, { scopes: SCOPES });
    const auth = createOidcAuth({ client: fresh, tokens });
    await auth.revoke();
    expect(await auth.getTokens()).toBeUndefined();
    const oauth = fresh.asOAuthClient();
    expect((await oauth.introspect(tokens.accessToken)).active).toBe(false);
  });

  it('throws ERR_AUTH_UNAVAILABLE before sign-in and AuthConfigError for a wrong client', () => {
    const auth = createOidcAuth({ client: oidcClient(portal) });
    return Promise.all([
      expect(auth.authenticate()).rejects.toMatchObject({
        code: 'ERR_AUTH_UNAVAILABLE',
        message: 'no OAuth tokens for this user: run the authorization flow',
      }),
      expect(() => createOidcAuth({ client: {} as never })).toThrow(
        expect.objectContaining({ code: 'ERR_AUTH_INVALID_OPTION', option: 'client' }),
      ),
    ]);
  });
});
