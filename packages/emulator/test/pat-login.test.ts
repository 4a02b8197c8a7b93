import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, postJson, start } from './helpers.js';

const login = (url: string, body: unknown) => postJson(`${url}/api/2.0/authentication`, body);

describe('PAT login (docs/docspace-behaviour.md §3.1)', () => {
  it('answers 200 with an opaque base64 token, a UTC expiry and the asc_auth_key cookie', async () => {
    const emulator = await start({ clock: 'manual' });
    const res = await login(emulator.url, { userName: 'admin@docspace.test', password: 'Admin-pass-1' });
    expect(res.status).toBe(200);
    expect(res.json.statusCode).toBe(200);
    const { token, expires, sms, tfa } = res.json.response;
    expect(token).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(token.endsWith('==')).toBe(true);
    expect({ sms, tfa }).toEqual({ sms: false, tfa: false });
    expect(expires).toBe(
      new Date(emulator.clock.now() + 365 * 86_400_000).toISOString().replace('Z', '0000Z'),
    );
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie.startsWith(`asc_auth_key=${encodeURIComponent(token)};`)).toBe(true);
    expect(cookie).toContain('httponly');
    expect(cookie).toContain('samesite=strict');
  });

  it('answers expires 0001-01-01T00:00:00 and a session cookie for session logins', async () => {
    const emulator = await start();
    const res = await login(emulator.url, {
      userName: 'admin@docspace.test',
      password: 'Admin-pass-1',
      session: true,
    });
    expect(res.json.response.expires).toBe('0001-01-01T00:00:00');
    expect(res.headers.get('set-cookie')).not.toContain('expires=');
  });

  it('matches field names case-insensitively', async () => {
    const emulator = await start();
    const res = await login(emulator.url, { UserName: 'admin@docspace.test', PASSWORD: 'Admin-pass-1' });
    expect(res.status).toBe(200);
  });

  it('accepts the client-side passwordHash from /settings', async () => {
    const emulator = await start();
    const settings = await call(`${emulator.url}/api/2.0/settings`);
    const { size, iterations, salt } = settings.json.response.passwordHash;
    const hash = pbkdf2Sync(
      'Admin-pass-1',
      Buffer.from(salt, 'utf8'),
      iterations,
      size / 8,
      'sha256',
    ).toString('hex');
    const res = await login(emulator.url, { userName: 'admin@docspace.test', passwordHash: hash });
    expect(res.status).toBe(200);
    expect(typeof res.json.response.token).toBe('string');
  });

  it('answers 401 "User authentication failed" for a wrong password, unknown user or missing userName', async () => {
    const emulator = await start();
    for (const body of [
      { userName: 'admin@docspace.test', password: 'nope' },
      { userName: 'ghost@docspace.test', password: 'nope' },
      { password: 'nope' },
    ]) {
      const res = await login(emulator.url, body);
      expect(res.status).toBe(401);
      expect(res.json.error).toEqual({
        message: 'User authentication failed',
        type: null,
        stack: null,
        hresult: 0,
      });
    }
  });

  // Corrected fact: the disabled-user error used to carry type/stack null like an authentication error.
  // web/ASC.Web.Api/Api/AuthenticationController.cs throws InvalidOperationException(ErrorUserDisabled), which
  // common/ASC.Api.Core/Middleware/ResponseWrapper.cs maps to 403 with the stack trace (withStackTrace stays true).
  it('answers 403 "User disabled" with type and stack filled for a disabled user (AuthenticationController.cs)', async () => {
    const emulator = await start();
    emulator.setUserDisabled('admin@docspace.test', true);
    for (const path of ['', '/123456', '/sendsms']) {
      const res = await postJson(`${emulator.url}/api/2.0/authentication${path}`, {
        userName: 'admin@docspace.test',
        password: 'Admin-pass-1',
      });
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({
        error: { message: 'User disabled', type: 'System.InvalidOperationException', hresult: -2146233079 },
        status: 1,
        statusCode: 403,
      });
      expect(res.json.error.stack).toEqual(expect.stringContaining('   at '));
    }
  });

  it('locks out after 5 failures in 60 s with 403 (not 429) for 60 s, per login and IP', async () => {
    const emulator = await start({ clock: 'manual' });
    const bad = { userName: 'admin@docspace.test', password: 'bad' };
    for (let i = 0; i < 5; i++) expect((await login(emulator.url, bad)).status).toBe(401);
    const blocked = await login(emulator.url, { userName: 'admin@docspace.test', password: 'Admin-pass-1' });
    expect(blocked.status).toBe(403);
    expect(blocked.json.error).toEqual({
      message: 'Too many login attempts. Please try again later',
      type: null,
      stack: null,
      hresult: 0,
    });
    const otherIp = await postJson(
      `${emulator.url}/api/2.0/authentication`,
      { userName: 'admin@docspace.test', password: 'Admin-pass-1' },
      { 'x-forwarded-for': '203.0.113.7' },
    );
    expect(otherIp.status).toBe(200);
    emulator.clock.advance(59_000);
    expect(
      (await login(emulator.url, { userName: 'admin@docspace.test', password: 'Admin-pass-1' })).status,
    ).toBe(403);
    emulator.clock.advance(2_000);
    expect(
      (await login(emulator.url, { userName: 'admin@docspace.test', password: 'Admin-pass-1' })).status,
    ).toBe(200);
  });

  it('forgets failures older than the 60 s check period', async () => {
    const emulator = await start({ clock: 'manual' });
    const bad = { userName: 'admin@docspace.test', password: 'bad' };
    for (let i = 0; i < 5; i++) await login(emulator.url, bad);
    emulator.clock.advance(61_000);
    const res = await login(emulator.url, { userName: 'admin@docspace.test', password: 'Admin-pass-1' });
    expect(res.status).toBe(200);
    expect(emulator.stats.logins).toBe(1);
    expect(emulator.stats.loginFailures).toBe(5);
  });

  it('answers GET /authentication true or false', async () => {
    const emulator = await start();
    const anonymous = await call(`${emulator.url}/api/2.0/authentication`);
    expect(anonymous.json.response).toBe(false);
    const bad = await call(`${emulator.url}/api/2.0/authentication`, {
      headers: { authorization: 'garbage' },
    });
    expect(bad.status).toBe(200);
    expect(bad.json.response).toBe(false);
    const token = (await login(emulator.url, { userName: 'admin@docspace.test', password: 'Admin-pass-1' }))
      .json.response.token;
    const ok = await call(`${emulator.url}/api/2.0/authentication`, { headers: { authorization: token } });
    expect(ok.json.response).toBe(true);
  });

  it('expires tokens after the PAT lifetime', async () => {
    const emulator = await start({ clock: 'manual', patTtlSeconds: 3600 });
    const token = (await login(emulator.url, { userName: 'admin@docspace.test', password: 'Admin-pass-1' }))
      .json.response.token;
    emulator.clock.advance(3_599_000);
    expect(
      (await call(`${emulator.url}/api/2.0/people/@self`, { headers: { authorization: token } })).status,
    ).toBe(200);
    emulator.clock.advance(2_000);
    expect(
      (await call(`${emulator.url}/api/2.0/people/@self`, { headers: { authorization: token } })).status,
    ).toBe(401);
  });
});
