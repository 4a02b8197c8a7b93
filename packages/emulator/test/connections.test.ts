import { describe, expect, it } from 'vitest';
import { basicAuth, call, postJson, start } from './helpers.js';

// Sources: web/ASC.Web.Api/Api/ConnectionsController.cs, web/ASC.Web.Api/ApiModels/ResponseDto/ActiveConnectionsDto.cs,
// common/ASC.Core.Common/Data/DbLoginEventsManager.cs with EF/Queries/LoginEventsQueries.cs, and
// web/ASC.Web.Core/CookiesManager.cs (ResetUserCookieAsync).

const API_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}\+03:00$/;

async function login(url: string, userAgent: string, ip: string): Promise<string> {
  const res = await postJson(
    `${url}/api/2.0/authentication`,
    { userName: 'admin@docspace.test', password: 'Admin-pass-1' },
    { 'user-agent': userAgent, 'x-forwarded-for': ip },
  );
  return res.json.response.token;
}

const cookie = (token: string) => ({ cookie: `asc_auth_key=${encodeURIComponent(token)}` });
const put = (url: string, headers: Record<string, string>) => call(url, { method: 'PUT', headers });

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

describe('active connections (ConnectionsController.cs)', () => {
  it('lists the live login events newest first, the cookie’s one first with this request’s browser and address', async () => {
    const emulator = await start();
    const laptop = await login(emulator.url, FIREFOX, '198.51.100.4');
    const desktop = await login(emulator.url, CHROME, '198.51.100.9');
    const res = await call(`${emulator.url}/api/2.0/security/activeconnections`, {
      headers: { ...cookie(laptop), 'user-agent': FIREFOX, 'x-forwarded-for': '203.0.113.50' },
    });
    const laptopId = (await call(`${emulator.url}/api/2.0/people/@self`, { headers: cookie(laptop) })).json
      .response.loginEventId;
    expect(res.json.response.loginEvent).toBe(laptopId);
    const [current, other] = res.json.response.items;
    expect(current).toMatchObject({
      id: laptopId,
      tenantId: 1,
      userId: emulator.seed.users[0]!.id,
      mobile: false,
      ip: '203.0.113.50',
      browser: 'Firefox 128',
      platform: 'Linux',
      page: `${emulator.url}/api/2.0/authentication`,
    });
    expect(current.date).toMatch(API_DATE);
    expect(other).toMatchObject({
      id: laptopId + 1,
      ip: '198.51.100.9',
      browser: 'Chrome 131',
      platform: 'Windows',
    });
    const viaHeader = await call(`${emulator.url}/api/2.0/security/activeconnections`, {
      headers: { authorization: desktop },
    });
    expect(viaHeader.json.response.loginEvent).toBe(0);
    expect(viaHeader.json.response.items.map((item: { id: number }) => item.id)).toEqual([
      laptopId + 1,
      laptopId,
    ]);
  });

  it('shows only the current request when a key-authenticated user has no login event', async () => {
    const emulator = await start();
    const res = await call(`${emulator.url}/api/2.0/security/activeconnections`, {
      headers: { authorization: `Bearer ${emulator.seed.apiKeys[0]!.key}`, 'user-agent': CHROME },
    });
    expect(res.json.response).toMatchObject({
      loginEvent: 0,
      items: [{ id: 0, tenantId: 0, userId: '00000000-0000-0000-0000-000000000000', browser: 'Chrome 131' }],
    });
  });

  it('logs out one event; another user’s needs an admin (403 "Access denied")', async () => {
    const emulator = await start();
    const token = await login(emulator.url, FIREFOX, '198.51.100.4');
    const id = (await call(`${emulator.url}/api/2.0/people/@self`, { headers: cookie(token) })).json.response
      .loginEventId;
    const user = basicAuth('user@docspace.test', 'User-pass-1');
    const denied = await put(`${emulator.url}/api/2.0/security/activeconnections/logout/${id}`, {
      authorization: user,
    });
    expect([denied.status, denied.json.error.message]).toEqual([403, 'Access denied']);
    const ok = await put(`${emulator.url}/api/2.0/security/activeconnections/logout/${id}`, {
      authorization: basicAuth('admin@docspace.test', 'Admin-pass-1'),
    });
    expect(ok.json.response).toBe(true);
    expect(
      (await call(`${emulator.url}/api/2.0/people/@self`, { headers: { authorization: token } })).status,
    ).toBe(401);
    const again = await put(`${emulator.url}/api/2.0/security/activeconnections/logout/${id}`, {
      authorization: user,
    });
    expect(again.json.response).toBe(false);
  });

  it('logs out all others but keeps the cookie’s session, and answers the user name', async () => {
    const emulator = await start();
    const keep = await login(emulator.url, FIREFOX, '198.51.100.4');
    const other = await login(emulator.url, CHROME, '198.51.100.9');
    const res = await put(
      `${emulator.url}/api/2.0/security/activeconnections/logoutallexceptthis`,
      cookie(keep),
    );
    expect(res.json.response).toBe('Ada Admin');
    expect(
      (await call(`${emulator.url}/api/2.0/people/@self`, { headers: { authorization: keep } })).status,
    ).toBe(200);
    expect(
      (await call(`${emulator.url}/api/2.0/people/@self`, { headers: { authorization: other } })).status,
    ).toBe(401);
  });

  it('without the cookie "all others" means every session, the caller’s too (the event id is read from the cookie)', async () => {
    const emulator = await start();
    const token = await login(emulator.url, FIREFOX, '198.51.100.4');
    await put(`${emulator.url}/api/2.0/security/activeconnections/logoutallexceptthis`, {
      authorization: token,
    });
    expect(
      (await call(`${emulator.url}/api/2.0/people/@self`, { headers: { authorization: token } })).status,
    ).toBe(401);
  });

  it('logs out all sessions of yourself with a fresh cookie in return; of someone else only as an admin', async () => {
    const emulator = await start();
    const admin = emulator.seed.users[0]!;
    const first = await login(emulator.url, FIREFOX, '198.51.100.4');
    const second = await login(emulator.url, CHROME, '198.51.100.9');
    const res = await put(
      `${emulator.url}/api/2.0/security/activeconnections/logoutall/${admin.id}`,
      cookie(first),
    );
    expect([res.status, res.json.count]).toEqual([200, 0]);
    for (const token of [first, second])
      expect(
        (await call(`${emulator.url}/api/2.0/people/@self`, { headers: { authorization: token } })).status,
      ).toBe(401);
    const fresh = decodeURIComponent(/asc_auth_key=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!);
    expect(
      (await call(`${emulator.url}/api/2.0/people/@self`, { headers: { authorization: fresh } })).status,
    ).toBe(200);

    const user = emulator.seed.users[1]!;
    const denied = await put(`${emulator.url}/api/2.0/security/activeconnections/logoutall/${admin.id}`, {
      authorization: basicAuth(user.email, user.password),
    });
    expect(denied.status).toBe(403);
    const change = await put(
      `${emulator.url}/api/2.0/security/activeconnections/logoutallchangepassword`,
      cookie(fresh),
    );
    expect(change.json.response).toMatch(
      /\/confirm\/PasswordChange\?type=PasswordChange&key=.+&email=admin%40docspace\.test/,
    );
    expect(
      (await call(`${emulator.url}/api/2.0/people/@self`, { headers: { authorization: fresh } })).status,
    ).toBe(401);
  });

  it('is out of reach for OAuth tokens (no global scope): 403 with no body', async () => {
    const emulator = await start();
    const token = await emulator.issueAccessToken({
      email: 'admin@docspace.test',
      clientId: emulator.seed.clients[0]!.clientId,
    });
    const res = await call(`${emulator.url}/api/2.0/security/activeconnections`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect([res.status, res.text]).toEqual([403, '']);
  });
});
