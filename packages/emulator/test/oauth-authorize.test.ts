import { describe, expect, it } from 'vitest';
import { adminToken, authorizeUrl, call, pkce, postForm, start } from './helpers.js';

const ADMIN = { email: 'admin@docspace.test', password: 'Admin-pass-1' };
const REDIRECT = 'http://127.0.0.1:4567/callback';

describe('OAuth authorize (docs/docspace-behaviour.md §5.4)', () => {
  it('sends an anonymous browser to the DocSpace login form with email and password fields', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const first = await call(authorizeUrl(emulator, { client_id: client.clientId, redirect_uri: REDIRECT }));
    expect(first.status).toBe(302);
    const location = new URL(first.headers.get('location')!);
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('type')).toBe('oauth2');
    expect(location.searchParams.get('client_id')).toBe(client.clientId);
    const page = await call(location.href);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('name="email"');
    expect(page.text).toContain('name="password"');
  });

  it('logs in with a real PAT cookie, then shows consent with app name, scopes and Allow/Deny', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const url = authorizeUrl(emulator, {
      client_id: client.clientId,
      redirect_uri: REDIRECT,
      scope: 'files:read openid',
    });
    const login = await postForm(`${emulator.url}/login`, {
      ...ADMIN,
      return_to: url.slice(emulator.url.length),
    });
    expect(login.status).toBe(302);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie.startsWith('asc_auth_key=')).toBe(true);
    expect(emulator.stats.logins).toBe(1);
    const consent = await call(url, { headers: { cookie } });
    expect(consent.status).toBe(200);
    expect(consent.text).toContain('Emulator Web App');
    expect(consent.text).toContain('data-scope="files:read"');
    expect(consent.text).toContain('name="action" value="allow"');
    expect(consent.text).toContain('name="action" value="deny"');
  });

  it('skips the login form for a browser that already has an asc_auth_key cookie', async () => {
    const emulator = await start();
    const token = await adminToken(emulator);
    const client = emulator.seed.clients[0]!;
    emulator.approve({ email: ADMIN.email, clientId: client.clientId });
    const res = await call(
      authorizeUrl(emulator, { client_id: client.clientId, redirect_uri: REDIRECT, state: 'abc' }),
      {
        headers: { cookie: `asc_auth_key=${encodeURIComponent(token)}` },
      },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(
      /^http:\/\/127\.0\.0\.1:4567\/callback\?code=[A-Za-z0-9_-]{128}&state=abc$/,
    );
  });

  it('builds the success redirect by string concatenation: state not encoded, no iss', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const state = 'a b+c/d';
    const location = await emulator.authorize(
      authorizeUrl(emulator, { client_id: client.clientId, redirect_uri: REDIRECT, state }),
      ADMIN,
    );
    expect(location.startsWith(`${REDIRECT}?code=`)).toBe(true);
    expect(location.endsWith(`&state=${state}`)).toBe(true);
    expect(location).not.toContain('iss=');
    const noState = await emulator.authorize(
      authorizeUrl(emulator, { client_id: client.clientId, redirect_uri: REDIRECT }),
      ADMIN,
    );
    expect(noState).not.toContain('state=');
  });

  it('redirects a denial with error=access_denied, error_uri and state, without error_description', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const location = await emulator.authorize(
      authorizeUrl(emulator, { client_id: client.clientId, redirect_uri: REDIRECT, state: 'xyz' }),
      { ...ADMIN, consent: 'deny' },
    );
    const url = new URL(location);
    expect(url.origin + url.pathname).toBe(REDIRECT);
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect(url.searchParams.get('state')).toBe('xyz');
    expect(url.searchParams.has('error_description')).toBe(false);
  });

  it('skips consent for an openid-only request and for scopes granted before', async () => {
    const emulator = await start();
    const token = await adminToken(emulator);
    const client = emulator.seed.clients[0]!;
    const headers = { cookie: `asc_auth_key=${encodeURIComponent(token)}` };
    const openidOnly = await call(
      authorizeUrl(emulator, { client_id: client.clientId, redirect_uri: REDIRECT, scope: 'openid' }),
      { headers },
    );
    expect(openidOnly.status).toBe(302);
    await emulator.authorize(
      authorizeUrl(emulator, { client_id: client.clientId, redirect_uri: REDIRECT, scope: 'files:read' }),
      ADMIN,
    );
    const again = await call(
      authorizeUrl(emulator, { client_id: client.clientId, redirect_uri: REDIRECT, scope: 'files:read' }),
      { headers },
    );
    expect(again.status).toBe(302);
    const wider = await call(
      authorizeUrl(emulator, { client_id: client.clientId, redirect_uri: REDIRECT, scope: 'files:write' }),
      { headers },
    );
    expect(wider.status).toBe(200);
  });

  it('sends client errors to {portal}/login?type=oauth2&client_id=…&error=<code>', async () => {
    const emulator = await start({
      seed: {
        users: [{ email: 'a@x.test', password: 'p' }],
        clients: [
          { clientId: 'off', enabled: false },
          { clientId: 'hidden', visible: false },
        ],
      },
    });
    const cases: Array<[Record<string, string>, string]> = [
      [{}, `${emulator.url}/login?type=oauth2&client_id=unknown&error=missing_client_id_error`],
      [
        { client_id: 'nope' },
        `${emulator.url}/login?type=oauth2&client_id=nope&error=client_not_found_error`,
      ],
      [{ client_id: 'off' }, `${emulator.url}/login?type=oauth2&client_id=off&error=client_disabled_error`],
      [
        { client_id: 'hidden' },
        `${emulator.url}/login?type=oauth2&client_id=hidden&error=client_permission_denied_error`,
      ],
    ];
    for (const [params, expected] of cases) {
      const res = await call(authorizeUrl(emulator, params));
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(expected);
    }
  });

  it('accepts any port on 127.x.x.x loopback but requires an exact match for localhost', async () => {
    const emulator = await start({
      seed: {
        clients: [{ clientId: 'c', redirectUris: ['http://127.0.0.1/callback', 'http://localhost:3000/cb'] }],
      },
    });
    const ok = await call(
      authorizeUrl(emulator, { client_id: 'c', redirect_uri: 'http://127.0.0.1:9999/callback' }),
    );
    expect(new URL(ok.headers.get('location')!).pathname).toBe('/login');
    for (const bad of [
      'http://localhost:3001/cb',
      'http://127.0.0.1:9999/other',
      'http://127.0.0.1/callback#x',
    ]) {
      const res = await call(authorizeUrl(emulator, { client_id: 'c', redirect_uri: bad }));
      expect(res.headers.get('location')).toBe(
        `${emulator.url}/login?type=oauth2&client_id=c&error=invalid_request`,
      );
    }
  });

  it('rejects scopes outside the registered set and plain PKCE at the redirect URI', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const scope = await call(
      authorizeUrl(emulator, {
        client_id: client.clientId,
        redirect_uri: REDIRECT,
        scope: 'files:read admin',
        state: 's',
      }),
    );
    const scopeUrl = new URL(scope.headers.get('location')!);
    expect(scopeUrl.searchParams.get('error')).toBe('invalid_scope');
    expect(scopeUrl.searchParams.get('state')).toBe('s');
    const { verifier } = pkce();
    const plain = await call(
      authorizeUrl(emulator, {
        client_id: client.clientId,
        redirect_uri: REDIRECT,
        code_challenge: verifier,
        code_challenge_method: 'plain',
      }),
    );
    const plainUrl = new URL(plain.headers.get('location')!);
    expect(plainUrl.searchParams.get('error')).toBe('invalid_request');
    expect(plainUrl.searchParams.get('error_uri')).toContain('rfc7636');
    expect(plainUrl.searchParams.has('error_description')).toBe(false);
  });

  it('requests every registered scope when scope is omitted', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const token = await adminToken(emulator);
    const page = await call(authorizeUrl(emulator, { client_id: client.clientId, redirect_uri: REDIRECT }), {
      headers: { cookie: `asc_auth_key=${encodeURIComponent(token)}` },
    });
    for (const scope of client.scopes) expect(page.text).toContain(`data-scope="${scope}"`);
  });

  it('answers 200 + X-Redirect-URI instead of 302 when X-Disable-Redirect is sent', async () => {
    const emulator = await start();
    const res = await call(authorizeUrl(emulator, {}), { headers: { 'x-disable-redirect': 'true' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-redirect-uri')).toContain('error=missing_client_id_error');
  });

  it('handles 2FA users in the HTML login (authorize() fills the TOTP)', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const location = await emulator.authorize(
      authorizeUrl(emulator, { client_id: client.clientId, redirect_uri: REDIRECT }),
      {
        email: 'user@docspace.test',
        password: 'User-pass-1',
      },
    );
    expect(new URL(location).searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{128}$/);
    await expect(
      emulator.authorize(authorizeUrl(emulator, { client_id: client.clientId, redirect_uri: REDIRECT }), {
        ...ADMIN,
        password: 'bad',
      }),
    ).rejects.toThrow('login failed (User authentication failed)');
  });
});
