import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, csrfToken, HOUR, signIn, sessionId, startTestServer, visit } from './helpers.js';

describe('the web app against the emulator (no browser)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('starts sign-in with state, PKCE S256 and a nonce, and a session cookie with safe flags', async () => {
    const response = await visit(`${server.url}/signin`);
    expect(response.status).toBe(303);
    const authorize = new URL(String(response.location));
    expect(authorize.origin + authorize.pathname).toBe(`${server.emulator.url}/oauth2/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('scope')?.split(' ')).toContain('openid');
    expect(authorize.searchParams.get('nonce')).toMatch(/^[\w-]{32,}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{32,}$/);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${server.url}/callback`);
    expect(response.setCookie).toMatch(/^sid=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(response.body).not.toContain(authorize.searchParams.get('state'));
  });

  it('signs in, rotates the session id, and shows the profile from people/@self', async () => {
    const start = await visit(`${server.url}/signin`);
    const before = sessionId(start.setCookie);
    const callback = await server.emulator.authorize(String(start.location), { ...ADMIN, consent: 'allow' });
    const done = await visit(callback, { cookie: before });
    expect([done.status, done.location]).toEqual([303, '/profile']);
    const after = sessionId(done.setCookie);
    expect(after).not.toBe(before);

    const profile = await visit(`${server.url}/profile`, { cookie: after });
    expect(profile.status).toBe(200);
    expect(profile.body).toContain(ADMIN.email);
    expect(profile.body).toContain('data-page="profile"');
    expect(profile.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(profile.headers.get('cache-control')).toBe('no-store');
    // The pre-sign-in id is dead: it cannot be used to ride the signed-in session.
    expect((await visit(`${server.url}/profile`, { cookie: before })).body).toContain('data-page="expired"');
  });

  it('refuses a callback whose state does not match, and consumes the pending sign-in', async () => {
    const start = await visit(`${server.url}/signin`);
    const cookie = sessionId(start.setCookie);
    const callback = new URL(
      await server.emulator.authorize(String(start.location), { ...ADMIN, consent: 'allow' }),
    );
    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged-state-value');
    const refused = await visit(forged.href, { cookie });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('did not match the sign-in this browser started');
    expect(refused.body).toContain('ERR_OAUTH_STATE_MISMATCH');
    const replay = await visit(callback.href, { cookie });
    expect(replay.status).toBe(400);
    expect(replay.body).toContain('does not belong to a sign-in started in this browser');
  });

  it('refuses a callback without a session cookie', async () => {
    const start = await visit(`${server.url}/signin`);
    const callback = await server.emulator.authorize(String(start.location), { ...ADMIN, consent: 'allow' });
    const response = await visit(callback);
    expect(response.status).toBe(400);
    expect(response.body).toContain('does not belong to a sign-in started in this browser');
  });

  it('shows the denied page when the user declines consent', async () => {
    server.emulator.revokeConsent({ email: ADMIN.email, clientId: clientIdOf(server) });
    const start = await visit(`${server.url}/signin`);
    const callback = await server.emulator.authorize(String(start.location), { ...ADMIN, consent: 'deny' });
    expect(new URL(callback).searchParams.get('error')).toBe('access_denied');
    const response = await visit(callback, { cookie: sessionId(start.setCookie) });
    expect(response.status).toBe(403);
    expect(response.body).toContain('You declined access');
  });

  it('refreshes an expired access token invisibly: rooms still show after an hour', async () => {
    const cookie = await signIn(server);
    const before = server.emulator.stats.tokenRequests;
    server.emulator.clock.advance(HOUR + 5 * 60_000);
    const rooms = await visit(`${server.url}/rooms`, { cookie });
    expect(rooms.status).toBe(200);
    expect(rooms.body).toContain('Contracts');
    expect(rooms.body).toContain('Marketing');
    expect(server.emulator.stats.tokenRequests).toBe(before + 1); // exactly one refresh
    // Proactive: the app shares the emulator's clock, so it refreshed before calling, never got a 401.
    const rejected = server.emulator.requests.filter(
      (entry) => entry.path === '/api/2.0/files/rooms' && entry.status === 401,
    );
    expect(rejected).toEqual([]);
  });

  it('shows "session expired" when DocSpace no longer honours the grant', async () => {
    const cookie = await signIn(server);
    server.emulator.revokeConsent({ email: ADMIN.email, clientId: clientIdOf(server) });
    const response = await visit(`${server.url}/rooms`, { cookie });
    expect(response.status).toBe(401);
    expect(response.body).toContain('Your session expired, sign in again');
    expect(response.body).toContain('href="/signin?return_to=%2Frooms"');
    expect(response.setCookie).toMatch(/^sid=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0$/);
    expect((await visit(`${server.url}/rooms`, { cookie })).body).toContain('data-page="expired"');
  });

  it('signs out only with the CSRF token, and revokes the tokens', async () => {
    const cookie = await signIn(server);
    const page = await visit(`${server.url}/profile`, { cookie });
    const refused = await visit(`${server.url}/signout`, { cookie, form: { csrf: 'not-the-token' } });
    expect(refused.status).toBe(403);
    expect((await visit(`${server.url}/signout`, { cookie, form: {} })).status).toBe(403);
    expect((await visit(`${server.url}/profile`, { cookie })).status).toBe(200);

    const revocations = () =>
      server.emulator.requests.filter((entry) => entry.path === '/oauth2/revoke').length;
    const before = revocations();
    const done = await visit(`${server.url}/signout`, { cookie, form: { csrf: csrfToken(page.body) } });
    expect([done.status, done.location]).toEqual([303, '/signed-out']);
    expect(done.setCookie).toContain('Max-Age=0');
    expect(revocations() - before).toBe(2); // refresh token, then access token
    expect((await visit(`${server.url}/signed-out`)).body).toContain('You are signed out');
    expect((await visit(`${server.url}/profile`, { cookie })).status).toBe(401);
  });

  it('offers a signed-out visitor of /rooms a sign-in that comes back to /rooms', async () => {
    const response = await visit(`${server.url}/rooms`);
    expect(response.status).toBe(401);
    expect(response.body).toContain('data-page="signin-required"');
    expect(response.body).toContain('href="/signin?return_to=%2Frooms"');
    const start = await visit(`${server.url}/signin?return_to=%2Frooms`);
    const callback = await server.emulator.authorize(String(start.location), { ...ADMIN, consent: 'allow' });
    const done = await visit(callback, { cookie: sessionId(start.setCookie) });
    expect([done.status, done.location]).toEqual([303, '/rooms']);
    const rooms = await visit(`${server.url}/rooms`, { cookie: sessionId(done.setCookie) });
    expect(rooms.body).toContain('Contracts');
    // Signed in already: /signin goes straight to the page asked for.
    const again = await visit(`${server.url}/signin?return_to=%2Frooms%3Fpage%3D2`, {
      cookie: sessionId(done.setCookie),
    });
    expect([again.status, again.location]).toEqual([303, '/rooms?page=2']);
  });

  // Open-redirect attempts: a link to /signin that would send the user elsewhere after signing in.
  it.each([
    ['a scheme-relative URL', '%2F%2Fevil.example'],
    ['a backslash', '%2F%5Cevil.example'],
    ['an absolute URL', 'https%3A%2F%2Fevil.example%2F'],
    ['a tab the URL parser drops', '%2F%09%2Fevil.example'],
    ['a dot segment', '%2F.%2F%2Fevil.example'],
    ['a double-encoded URL', '%252F%252Fevil.example'],
    ['two return_to values, the first a trap', '%2F%2Fevil.example&return_to=%2Frooms'],
  ])('never returns to another site after sign-in: %s', async (_name, raw) => {
    const start = await visit(`${server.url}/signin?return_to=${raw}`);
    expect(start.status).toBe(303);
    const callback = await server.emulator.authorize(String(start.location), { ...ADMIN, consent: 'allow' });
    const done = await visit(callback, { cookie: sessionId(start.setCookie) });
    expect([done.status, done.location]).toEqual([303, '/profile']);
    const signedIn = await visit(`${server.url}/signin?return_to=${raw}`, {
      cookie: sessionId(done.setCookie),
    });
    expect([signedIn.status, signedIn.location]).toEqual([303, '/profile']);
  });

  it('shows the home page to a newcomer', async () => {
    const home = await visit(`${server.url}/`);
    expect(home.status).toBe(200);
    expect(home.body).toContain('Sign in with DocSpace');
    expect(home.body).toContain('<title>Sign in with DocSpace</title>');
  });
});

function clientIdOf(server: Awaited<ReturnType<typeof startTestServer>>): string {
  const app = server.emulator.seed.clients.find((client) => client.name === 'DocSpace sample web app');
  if (!app) throw new Error('the app is not registered');
  return app.clientId;
}
