import { describe, expect, it } from 'vitest';
import { adminToken, call, start } from './helpers.js';

const self = (url: string, headers: Record<string, string>) =>
  call(`${url}/api/2.0/people/@self`, { headers });

describe('PAT logout and invalidation (docs/docspace-behaviour.md §3.1)', () => {
  it('answers logout 200 but keeps the token valid when it came only in Authorization', async () => {
    const emulator = await start();
    const token = await adminToken(emulator);
    const res = await call(`${emulator.url}/api/2.0/authentication/logout`, {
      method: 'POST',
      headers: { authorization: token },
    });
    expect(res.status).toBe(200);
    expect(res.json.count).toBe(0);
    expect((await self(emulator.url, { authorization: token })).status).toBe(200);
  });

  it('revokes the token when logout carries the asc_auth_key cookie', async () => {
    const emulator = await start();
    const token = await adminToken(emulator);
    await call(`${emulator.url}/api/2.0/authentication/logout`, {
      method: 'POST',
      headers: { authorization: token, cookie: `asc_auth_key=${token}` },
    });
    const after = await self(emulator.url, { authorization: token });
    expect(after.status).toBe(401);
    expect(after.text).toBe('');
  });

  it('invalidates every token of a user on a password change', async () => {
    const emulator = await start();
    const token = await adminToken(emulator);
    emulator.changePassword('admin@docspace.test', 'New-pass-2');
    expect((await self(emulator.url, { authorization: token })).status).toBe(401);
    expect(emulator.seed.users[0]!.password).toBe('New-pass-2');
    expect(typeof (await adminToken(emulator))).toBe('string');
  });

  it('invalidates every token of a user on "log out all"', async () => {
    const emulator = await start();
    const first = await adminToken(emulator);
    const second = await adminToken(emulator);
    emulator.logoutAll('admin@docspace.test');
    expect((await self(emulator.url, { authorization: first })).status).toBe(401);
    expect((await self(emulator.url, { authorization: second })).status).toBe(401);
  });

  // Corrected fact: loginEventId used to be absent without the cookie and authCookieLifetime always 0 with it.
  // products/ASC.People/Server/Api/UserController.cs GetSelfProfile reads both from the cookie
  // (CookieStorage.GetLoginEventIdFromCookie: 0 and DateTime.MaxValue without one), always sets
  // LoginEventId and sets AuthCookieLifetime only when the cookie expires within a day.
  it('returns loginEventId from @self (0 without the cookie) and authCookieLifetime only under a day (UserController.cs)', async () => {
    const emulator = await start({ clock: 'manual' });
    const token = await adminToken(emulator);
    const viaHeader = await self(emulator.url, { authorization: token });
    expect(viaHeader.json.response.loginEventId).toBe(0);
    expect(viaHeader.json.response).not.toHaveProperty('authCookieLifetime');
    const viaCookie = await self(emulator.url, { cookie: `asc_auth_key=${token}` });
    expect(viaCookie.json.response.loginEventId).toBeGreaterThan(0);
    expect(viaCookie.json.response).not.toHaveProperty('authCookieLifetime');

    const shortLived = await start({ clock: 'manual', patTtlSeconds: 3600 });
    const short = await adminToken(shortLived);
    shortLived.clock.advance(600_500);
    const lifetime = await self(shortLived.url, { cookie: `asc_auth_key=${short}` });
    expect(lifetime.json.response.authCookieLifetime).toBe(2999.5);
  });

  it('deactivates one login event with PUT /security/activeconnections/logout/{id}', async () => {
    const emulator = await start();
    const victim = await adminToken(emulator);
    const actor = await adminToken(emulator);
    const id = (await self(emulator.url, { cookie: `asc_auth_key=${victim}` })).json.response.loginEventId;
    const res = await call(`${emulator.url}/api/2.0/security/activeconnections/logout/${id}`, {
      method: 'PUT',
      headers: { authorization: actor },
    });
    expect(res.json.response).toBe(true);
    expect((await self(emulator.url, { authorization: victim })).status).toBe(401);
    expect((await self(emulator.url, { authorization: actor })).status).toBe(200);
  });

  it("rejects a disabled user's existing token with 401", async () => {
    const emulator = await start();
    const token = await adminToken(emulator);
    emulator.setUserDisabled('admin@docspace.test', true);
    expect((await self(emulator.url, { authorization: token })).status).toBe(401);
  });
});
