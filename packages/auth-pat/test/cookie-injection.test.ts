// A PAT that would smuggle extra cookies (issue 16, finding 10): `abc; admin=1` must never be sent
// as `Cookie: asc_auth_key=abc; admin=1`.
import { createDocSpaceClient, createMemoryTokenStore } from '@ds/auth-core';
import { type LoopbackServer, startLoopbackServer } from '@ds/auth-testing/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPersonalTokenAuth, type PersonalToken } from '../src/index.js';

const EVIL = 'abc; admin=1';
let server: LoopbackServer;
let url: string;

beforeEach(async () => {
  server = await startLoopbackServer((request) => ({
    body: {
      response:
        request.path === '/api/2.0/authentication'
          ? { token: EVIL, expires: '2030-01-01T00:00:00.0000000Z', sms: false, tfa: false }
          : { id: 'user-1' },
      status: 0,
      statusCode: 200,
    },
  }));
  url = server.origin;
});
afterEach(async () => {
  await server.close();
});

const seen = () => server.requests.map((request) => request.headers);
const cookiesSent = () =>
  seen()
    .map((headers) => headers.cookie)
    .filter((cookie) => cookie !== undefined);

describe('createPersonalTokenAuth', () => {
  it('refuses a login response whose token carries "; admin=1" and sends no such cookie', async () => {
    const auth = createPersonalTokenAuth({ baseUrl: url, userName: 'user@example.com', password: 'pw' });
    const client = createDocSpaceClient({ baseUrl: url, auth });
    const error = await client.get('/api/2.0/people/@self').catch((caught: unknown) => caught as Error);
    expect({ code: (error as { code?: string }).code, message: (error as Error).message }).toEqual({
      code: 'ERR_AUTH_BAD_RESPONSE',
      message:
        'the login response "token" has characters a cookie cannot carry (space, quote, comma, semicolon, backslash or a control character)',
    });
    expect(cookiesSent()).toEqual([]);
    expect(
      seen()
        .map((headers) => headers.authorization)
        .filter(Boolean),
    ).toEqual([]);
  });

  it('refuses such a token from the store, for requests and for logout', async () => {
    const store = createMemoryTokenStore<PersonalToken>();
    const planted: PersonalToken = { token: EVIL, issuedAt: Date.now(), portal: url };
    await store.compareAndSet('pat:user', 0, planted);
    const auth = createPersonalTokenAuth({
      baseUrl: url,
      userName: 'user@example.com',
      password: 'pw',
      store,
      key: 'pat:user',
    });
    const refused = {
      code: 'ERR_AUTH_INVALID_HEADER',
      message: '"token" has characters a cookie value cannot carry',
    };
    const first = await auth.authenticate().catch((caught: unknown) => caught as Error);
    expect({ code: (first as { code?: string }).code, message: (first as Error).message }).toEqual(refused);
    const logout = await auth.revoke().catch((caught: unknown) => caught as Error);
    expect({ code: (logout as { code?: string }).code, message: (logout as Error).message }).toEqual(refused);
    expect(cookiesSent()).toEqual([]);
  });
});
