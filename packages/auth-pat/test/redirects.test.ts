// A portal (or something in front of it) answering the login with a 307 or 308: fetch would send the
// body on to the Location, password included, whatever its origin. The login, the two-factor code
// and the logout never follow a redirect.
import { type LoopbackServer, startLoopbackServer } from '@ds/auth-testing/node';
import { afterEach, describe, expect, it } from 'vitest';
import { createPersonalTokenAuth } from '../src/index.js';

/** The portal and the origin its redirects point to (which must never be reached), closed after each test. */
let pair: { portal: LoopbackServer; other: LoopbackServer } | undefined;
afterEach(async () => {
  await Promise.all([pair?.portal.close(), pair?.other.close()]);
  pair = undefined;
});
async function portalRedirecting(
  handler: (other: string) => Parameters<typeof startLoopbackServer>[0],
): Promise<{ portal: LoopbackServer; other: LoopbackServer }> {
  const other = await startLoopbackServer(() => ({ status: 500 }));
  pair = { other, portal: await startLoopbackServer(handler(other.origin)) };
  return pair;
}

describe('createPersonalTokenAuth and redirects', () => {
  it.each([307, 308])('never sends the password on to the Location of a %i', async (status) => {
    const { portal, other } = await portalRedirecting((origin) => () => ({
      status,
      headers: { location: `${origin}/steal` },
    }));
    const auth = createPersonalTokenAuth({
      baseUrl: portal.origin,
      userName: 'user@example.com',
      password: 'Secret-pass-1',
    });
    await expect(auth.authenticate()).rejects.toMatchObject({
      code: 'ERR_AUTH_BAD_RESPONSE',
      status,
    });
    expect(other.requests).toEqual([]);
    expect(portal.requests.every((request) => request.path === '/api/2.0/authentication')).toBe(true);
  });

  it('never sends the token cookie of a logout on to a Location', async () => {
    const { portal, other } = await portalRedirecting(
      (origin) => (request) =>
        request.path === '/api/2.0/authentication/logout'
          ? { status: 307, headers: { location: `${origin}/steal` } }
          : {
              body: {
                response: { token: 'pat-1', expires: '2030-01-01T00:00:00.0000000Z', sms: false, tfa: false },
                status: 0,
                statusCode: 200,
              },
            },
    );
    const auth = createPersonalTokenAuth({
      baseUrl: portal.origin,
      userName: 'user@example.com',
      password: 'Secret-pass-1',
    });
    await auth.authenticate();
    await expect(auth.revoke()).rejects.toMatchObject({ code: 'ERR_AUTH_BAD_RESPONSE', status: 307 });
    expect(other.requests).toEqual([]);
  });
});
