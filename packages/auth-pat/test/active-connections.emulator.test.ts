import { inspect } from 'node:util';
import { AuthError, type AuthStrategy, createCredentials, createDocSpaceClient } from '@ds/auth-core';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActiveConnections, createPersonalTokenAuth, parseConnectionList } from '../src/index.js';

let portal: Emulator;
beforeEach(async () => {
  portal = await startEmulator({ clock: 'manual' });
});
afterEach(async () => {
  await portal.close();
});

const ADMIN = { userName: 'admin@docspace.test', password: 'Admin-pass-1' };
const WINDOWS_CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36';
const ANDROID_FIREFOX = 'Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0';

/** A PAT session signed in with its own User-Agent, as a browser or device would. */
function device(userAgent: string, credentials = ADMIN) {
  const withAgent = (input: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    headers.set('user-agent', userAgent);
    return fetch(input, { ...init, headers });
  };
  const auth = createPersonalTokenAuth({ baseUrl: portal.url, ...credentials, fetch: withAgent });
  const client = createDocSpaceClient({ baseUrl: portal.url, auth, fetch: withAgent });
  return { auth, client, sessions: createActiveConnections(client) };
}

async function tokenOf(auth: AuthStrategy): Promise<string> {
  return (await auth.authenticate()).headers.authorization!.slice('Bearer '.length);
}

/** What the portal answers for a raw token, sent as the session cookie. */
async function statusOf(token: string): Promise<number> {
  const response = await fetch(`${portal.url}/api/2.0/people/@self`, {
    headers: { cookie: `asc_auth_key=${encodeURIComponent(token)}` },
  });
  await response.body?.cancel();
  return response.status;
}

function apiKeyClient(key: string) {
  const auth: AuthStrategy = {
    kind: 'apikey',
    authenticate: async () =>
      createCredentials({ scheme: 'Bearer', headers: { authorization: `Bearer ${key}` } }),
  };
  return createDocSpaceClient({ baseUrl: portal.url, auth });
}

describe('createActiveConnections against the emulator (ConnectionsController.cs)', () => {
  it('lists the sessions newest first with the current one marked and on top', async () => {
    const laptop = device(WINDOWS_CHROME);
    await laptop.auth.authenticate();
    portal.clock.advance(60_000);
    const phone = device(ANDROID_FIREFOX);
    await phone.auth.authenticate();

    const { currentId, connections } = await laptop.sessions.list();
    expect(connections).toHaveLength(2);
    expect(connections[0]).toMatchObject({
      id: currentId,
      current: true,
      browser: 'Chrome 126',
      platform: 'Windows',
    });
    expect(connections[1]).toMatchObject({
      current: false,
      mobile: true,
      browser: 'Firefox 128',
      platform: 'Android',
    });
    expect(connections[1]!.userId).toBe(portal.seed.users[0]!.id);
    expect(connections[1]!.signedInAt?.getTime()).toBe(portal.clock.now());
    expect((await phone.sessions.list()).currentId).toBe(connections[1]!.id);
  });

  it('ends one session: its token stops working, the strategy that held it logs in again, a second end answers false', async () => {
    const laptop = device(WINDOWS_CHROME);
    const phone = device(ANDROID_FIREFOX);
    await laptop.auth.authenticate();
    const phoneToken = await tokenOf(phone.auth);
    const phoneId = (await phone.sessions.list()).currentId!;

    expect(await laptop.sessions.end(phoneId)).toBe(true);
    expect(await statusOf(phoneToken)).toBe(401);
    expect(await laptop.sessions.end(phoneId)).toBe(false);

    const logins = portal.stats.logins;
    await phone.client.get('/api/2.0/people/@self'); // 401, then one new login
    expect(portal.stats.logins).toBe(logins + 1);
    expect(await tokenOf(phone.auth)).not.toBe(phoneToken);
  });

  it('signs out everywhere else: the other sessions end, this one keeps working without a new login', async () => {
    const laptop = device(WINDOWS_CHROME);
    const phone = device(ANDROID_FIREFOX);
    const tablet = device('Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) Version/17.0 Safari/605.1');
    const laptopToken = await tokenOf(laptop.auth);
    const others = [await tokenOf(phone.auth), await tokenOf(tablet.auth)];

    await laptop.sessions.endOthers();
    expect(await Promise.all(others.map(statusOf))).toEqual([401, 401]);
    const logins = portal.stats.logins;
    const { connections } = await laptop.sessions.list();
    expect(connections.map((session) => session.current)).toEqual([true]);
    expect(await statusOf(laptopToken)).toBe(200);
    expect(portal.stats.logins).toBe(logins);
  });

  it('signs out everywhere, the current connection included; the strategy logs in again on its next request', async () => {
    const laptop = device(WINDOWS_CHROME);
    const phone = device(ANDROID_FIREFOX);
    const tokens = [await tokenOf(laptop.auth), await tokenOf(phone.auth)];

    await laptop.sessions.endAll();
    expect(await Promise.all(tokens.map(statusOf))).toEqual([401, 401]);
    const logins = portal.stats.logins;
    const me = await laptop.client.get<{ email: string }>('/api/2.0/people/@self');
    expect([me.email, portal.stats.logins]).toEqual([ADMIN.userName, logins + 1]);
  });

  it('with an API key there is no "this" session: currentId is undefined and endOthers ends every session', async () => {
    const laptop = device(WINDOWS_CHROME);
    const token = await tokenOf(laptop.auth);
    const sessions = createActiveConnections(apiKeyClient(portal.seed.apiKeys[0]!.key));
    const list = await sessions.list();
    expect(list.currentId).toBeUndefined();
    expect(list.connections.map((session) => [session.current, session.browser])).toEqual([
      [false, 'Chrome 126'],
    ]);
    await sessions.endOthers();
    expect(await statusOf(token)).toBe(401);
    expect((await sessions.list()).connections).toEqual([]); // the request itself (id 0) is no session
  });

  it('lets an admin end another user\'s sessions, and refuses a plain user with ERR_AUTH_FORBIDDEN "Access denied"', async () => {
    const ann = portal.addUser({ email: 'ann@docspace.test', password: 'Ann-pass-1' });
    const annDevice = device(ANDROID_FIREFOX, { userName: ann.email, password: ann.password });
    const annToken = await tokenOf(annDevice.auth);
    const laptop = device(WINDOWS_CHROME);
    const adminId = (await laptop.sessions.list()).currentId!;

    const refused = await annDevice.sessions.end(adminId).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'ERR_AUTH_FORBIDDEN',
      status: 403,
      serverMessage: 'Access denied',
    });
    const refusedAll = await annDevice.sessions
      .endAll({ userId: portal.seed.users[0]!.id })
      .catch((e: unknown) => e);
    expect(refusedAll).toMatchObject({ code: 'ERR_AUTH_FORBIDDEN', serverMessage: 'Access denied' });

    await laptop.sessions.endAll({ userId: ann.id });
    expect(await statusOf(annToken)).toBe(401);
    expect(await statusOf(await tokenOf(laptop.auth))).toBe(200);
  });

  it('gets ERR_AUTH_FORBIDDEN for an OAuth token (no global scope) and for a narrow API key', async () => {
    const jwt = await portal.issueAccessToken({
      email: ADMIN.userName,
      clientId: portal.seed.clients[0]!.clientId,
      scopes: ['accounts.self:read', 'files:read'],
    });
    for (const key of [jwt, portal.seed.apiKeys[1]!.key]) {
      const error = await createActiveConnections(apiKeyClient(key))
        .list()
        .catch((caught: unknown) => caught);
      expect(AuthError.isInstance(error) && error.code).toBe('ERR_AUTH_FORBIDDEN');
    }
  });

  it('checks its arguments with AuthConfigError naming them, before any request', async () => {
    expect(() => createActiveConnections({} as never)).toThrow(
      expect.objectContaining({ code: 'ERR_AUTH_INVALID_OPTION', option: 'client' }),
    );
    const { sessions } = device(WINDOWS_CHROME);
    for (const id of [0, -1, 1.5, '7' as never, Number.NaN])
      await expect(sessions.end(id)).rejects.toMatchObject({ option: 'loginEventId' });
    await expect(sessions.endAll({ userId: 'me' })).rejects.toMatchObject({ option: 'userId' });
    expect(portal.stats.logins).toBe(0);
    expect(inspect(sessions)).toBe('ActiveConnections [redacted]');
  });
});

describe('parseConnectionList', () => {
  it('reads the answer and refuses a malformed one with ERR_AUTH_BAD_RESPONSE', () => {
    expect(
      parseConnectionList({
        loginEvent: 7,
        items: [
          {
            id: 7,
            userId: 'u',
            tenantId: 1,
            mobile: false,
            ip: '10.0.0.1',
            browser: 'Edge 120',
            platform: 'Windows',
            date: '2026-01-02T03:04:05.0000000+03:00',
            page: null,
            city: 'Riga',
            country: 'Latvia',
          },
          { id: 0, userId: '00000000-0000-0000-0000-000000000000' },
        ],
      }),
    ).toEqual({
      currentId: 7,
      connections: [
        {
          id: 7,
          userId: 'u',
          tenantId: 1,
          current: true,
          mobile: false,
          ip: '10.0.0.1',
          browser: 'Edge 120',
          platform: 'Windows',
          city: 'Riga',
          country: 'Latvia',
          page: undefined,
          signedInAt: new Date('2026-01-02T00:04:05Z'),
        },
      ],
    });
    for (const bad of [
      null,
      [],
      { items: {} },
      { loginEvent: 'x', items: [] },
      { items: [{ id: '1' }] },
      { items: [3] },
    ])
      expect(() => parseConnectionList(bad)).toThrow(
        expect.objectContaining({ code: 'ERR_AUTH_BAD_RESPONSE' }),
      );
  });
});
