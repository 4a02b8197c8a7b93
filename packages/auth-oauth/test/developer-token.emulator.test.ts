import { inspect } from 'node:util';
import {
  type AuthError,
  type AuthStrategy,
  createCredentials,
  createDocSpaceClient,
  type DocSpaceClient,
} from '@ds/auth-core';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeveloperTokenAuth, createOAuthApps, requestDeveloperToken } from '../src/index.js';

// The personal_access_token grant as the emulator serves it (PersonalAccessTokenAuthenticationConverter.java,
// PersonalAccessTokenAuthenticationProvider.java; packages/emulator/README.md "Developer tokens").

let portal: Emulator;
afterEach(async () => {
  await portal?.close();
});

function clientFor(authorization: string): DocSpaceClient {
  const auth: AuthStrategy = {
    kind: 'static',
    authenticate: async () =>
      createCredentials({ scheme: authorization.split(' ')[0]!, headers: { authorization } }),
  };
  return createDocSpaceClient({ baseUrl: portal.url, auth });
}

const basic = (email: string, password: string) =>
  `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

async function setup() {
  portal = await startEmulator({ clock: 'manual' });
  const clock = { now: () => portal.clock.now() };
  const user = clientFor(`Bearer ${portal.seed.apiKeys[0]!.key}`); // admin, full access
  const app = portal.seed.clients.find((client) => !client.public)!;
  return { clock, user, app };
}

const requestsTo = (path: string) => portal.requests.filter((entry) => entry.path === path).length;

async function introspect(token: string): Promise<boolean> {
  const response = await fetch(`${portal.url}/oauth2/introspect`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }),
  });
  return ((await response.json()) as { active: boolean }).active;
}

describe('requestDeveloperToken against the emulator', () => {
  it('gets an access token only, for the signed-in user, through the x-signature fetched for them', async () => {
    const { clock, user, app } = await setup();
    const token = await requestDeveloperToken({
      client: user,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      scopes: ['files:read', 'accounts.self:read'],
      clock,
    });
    expect(token).toMatchObject({ tokenType: 'Bearer', scopes: ['files:read', 'accounts.self:read'] });
    expect(token.expiresAt).toBe(portal.clock.now() + 3_599_000);
    expect(inspect(token.accessToken)).toBe('Secret [redacted]');
    expect(JSON.stringify(token)).not.toContain(token.accessToken.reveal());
    expect(requestsTo('/api/2.0/security/oauth2/token')).toBe(1);

    const asApp = createDocSpaceClient({
      baseUrl: portal.url,
      auth: {
        kind: 'static',
        authenticate: async () =>
          createCredentials({
            scheme: 'Bearer',
            headers: { authorization: `Bearer ${token.accessToken.reveal()}` },
          }),
      },
    });
    expect((await asApp.get<{ email: string }>('/api/2.0/people/@self')).email).toBe('admin@docspace.test');
  });

  it('accepts the Secret that createOAuthApps hands out, and works with a PAT or Basic credential', async () => {
    const { clock, user } = await setup();
    const created = await createOAuthApps(user, { clock }).create({
      name: 'Dev Tools',
      redirectUris: ['https://dev.example.com/cb'],
      scopes: ['files:read'],
      websiteUrl: 'https://dev.example.com',
    });
    const login = await fetch(`${portal.url}/api/2.0/authentication`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName: 'admin@docspace.test', password: 'Admin-pass-1' }),
    });
    const pat = ((await login.json()) as { response: { token: string } }).response.token;
    for (const authorization of [pat, basic('admin@docspace.test', 'Admin-pass-1')]) {
      const token = await requestDeveloperToken({
        client: clientFor(authorization),
        clientId: created.clientId,
        clientSecret: created.clientSecret,
        scopes: ['files:read'],
        clock,
      });
      expect(token.scopes).toEqual(['files:read']);
    }
  });

  it('maps the grant errors to typed errors whose messages say what is wrong and hold no secret', async () => {
    const { clock, user, app } = await setup();
    const options = { client: user, clientId: app.clientId, clientSecret: app.clientSecret, clock };
    const failure = (extra: Partial<Parameters<typeof requestDeveloperToken>[0]>) =>
      requestDeveloperToken({ ...options, scopes: ['files:read'], ...extra }).catch(
        (error: unknown) => error,
      );

    const wrongSecret = (await failure({ clientSecret: 'not-the-secret' })) as AuthError & { status: number };
    expect([wrongSecret.code, wrongSecret.status]).toEqual(['ERR_OAUTH_INVALID_CLIENT', 401]);
    expect(wrongSecret.message).toBe(
      'the token endpoint answered "invalid_client": Client authentication failed: the client id or secret is wrong, or the app is deactivated or deleted',
    );

    const narrow = await createOAuthApps(user, { clock }).create({
      name: 'Files Only',
      redirectUris: ['https://files.example.com/cb'],
      scopes: ['files:read'],
      websiteUrl: 'https://files.example.com',
    });
    const scope = (await failure({
      clientId: narrow.clientId,
      clientSecret: narrow.clientSecret,
      scopes: ['rooms:read'],
    })) as AuthError;
    expect([scope.code, scope.message]).toEqual([
      'ERR_OAUTH_INVALID_SCOPE',
      'the token endpoint answered "invalid_scope": the scopes must be among the app\'s registered scopes',
    ]);

    portal.addUser({ email: 'guest@docspace.test', password: 'Guest-pass-1', role: 'guest' });
    const guest = (await failure({
      client: clientFor(basic('guest@docspace.test', 'Guest-pass-1')),
    })) as AuthError;
    expect(guest.code).toBe('ERR_OAUTH_ACCESS_DENIED');

    portal.setClientEnabled(app.clientId, false);
    expect(((await failure({})) as AuthError).code).toBe('ERR_OAUTH_INVALID_CLIENT');
    portal.setClientEnabled(app.clientId, true);

    // No global scope, so no x-signature: an OAuth token or a narrow API key.
    const jwt = await portal.issueAccessToken({
      email: 'admin@docspace.test',
      clientId: app.clientId,
      scopes: ['files:read'],
    });
    for (const credential of [`Bearer ${jwt}`, `Bearer ${portal.seed.apiKeys[1]!.key}`]) {
      const forbidden = (await failure({ client: clientFor(credential) })) as AuthError;
      expect(forbidden.code).toBe('ERR_AUTH_FORBIDDEN');
    }
    for (const error of [wrongSecret, scope, guest]) expect(error.message).not.toContain(app.clientSecret);
  });

  it('takes a new x-signature once when the token endpoint refuses the one it sent (server_error)', async () => {
    const { clock, user, app } = await setup();
    let spoiled = 0;
    const token = await requestDeveloperToken({
      client: user,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      scopes: ['files:read'],
      clock,
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        if (spoiled++ === 0) headers.set('x-signature', 'eyJhbGciOiJIUzI1NiJ9.e30.c3BvaWxlZA');
        return fetch(input, { ...init, headers });
      },
    });
    expect(token.scopes).toEqual(['files:read']);
    expect([spoiled, requestsTo('/api/2.0/security/oauth2/token')]).toEqual([2, 2]);
  });

  it('validates its options synchronously with AuthConfigError naming them', async () => {
    const { user, app } = await setup();
    const good = {
      client: user,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      scopes: ['files:read'],
    };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ client: {} }, 'client'],
      [{ clientId: '' }, 'clientId'],
      [{ clientSecret: 3 }, 'clientSecret'],
      [{ scopes: [] }, 'scopes'],
      [{ scopes: ['files read'] }, 'scopes[0]'],
      [{ authorizationServer: 'ftp://x' }, 'authorizationServer'],
      [{ timeoutMs: 0 }, 'timeoutMs'],
      [{ signal: 'stop' }, 'signal'],
    ];
    for (const [change, option] of cases)
      expect(() => requestDeveloperToken({ ...good, ...change } as never), option).toThrow(
        expect.objectContaining({ option }),
      );
    expect(() => createDeveloperTokenAuth({ ...good, store: {} as never })).toThrow(
      expect.objectContaining({ option: 'key' }),
    );
    expect(portal.requests).toHaveLength(0);
  });
});

describe('createDeveloperTokenAuth against the emulator', () => {
  it('gets one token for many concurrent requests, a new one before it expires, and another after a 401', async () => {
    const { clock, user, app } = await setup();
    const auth = createDeveloperTokenAuth({
      client: user,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      scopes: ['accounts.self:read', 'files:read'],
      clock,
    });
    expect(auth.kind).toBe('developer-token');
    const asApp = createDocSpaceClient({ baseUrl: portal.url, auth });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => asApp.get<{ email: string }>('/api/2.0/people/@self')),
    );
    expect(new Set(answers.map((me) => me.email))).toEqual(new Set(['admin@docspace.test']));
    expect(requestsTo('/oauth2/token')).toBe(1);
    const first = (await auth.getToken()).accessToken.reveal();

    portal.clock.advance(56 * 60_000); // inside the 5 minute window before the 60 minute expiry
    await asApp.get('/api/2.0/files/@my');
    await auth.settle();
    const second = (await auth.getToken()).accessToken.reveal();
    expect(second).not.toBe(first);
    expect(await introspect(first)).toBe(false); // a new developer token replaces the last one

    // Somebody else takes a developer token for the same app and user: ours stops working, and the
    // strategy gets a new one on the 401.
    await requestDeveloperToken({
      client: user,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      scopes: ['files:read'],
      clock,
    });
    expect((await asApp.get<{ email: string }>('/api/2.0/people/@self')).email).toBe('admin@docspace.test');
    expect(requestsTo('/oauth2/token')).toBe(4);
    // The strategy caches its x-signature for its 5 minutes: one for the first token, one more after the
    // clock moved 56 minutes (it served the 401's token too), and one for the other caller.
    expect(requestsTo('/api/2.0/security/oauth2/token')).toBe(3);
  });

  it('revokes the token on the server and forgets it', async () => {
    const { clock, user, app } = await setup();
    const auth = createDeveloperTokenAuth({
      client: user,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      scopes: ['files:read'],
      clock,
    });
    const token = (await auth.getToken()).accessToken.reveal();
    expect(await introspect(token)).toBe(true);
    await auth.revoke();
    expect(await introspect(token)).toBe(false);
    expect(auth.peekCredentials?.()).toBeUndefined();
    expect(inspect(auth)).toBe('DeveloperTokenAuth [redacted]');
  });

  it('fails authenticate() with the typed error of the grant, e.g. ERR_OAUTH_INVALID_SCOPE', async () => {
    const { clock, user, app } = await setup();
    const auth = createDeveloperTokenAuth({
      client: user,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      scopes: ['no:such'],
      clock,
    });
    await expect(auth.authenticate()).rejects.toMatchObject({ code: 'ERR_OAUTH_INVALID_SCOPE' });
  });
});
