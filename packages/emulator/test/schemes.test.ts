import { describe, expect, it } from 'vitest';
import { adminToken, call, codeFlow, start } from './helpers.js';

const basic = (email: string, password: string) =>
  `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

describe('scheme selection (docs/docspace-behaviour.md §2)', () => {
  it('accepts a PAT as a raw header, as Bearer, and as the asc_auth_key cookie', async () => {
    const emulator = await start();
    const token = await adminToken(emulator);
    const url = `${emulator.url}/api/2.0/people/@self`;
    const variants: Array<Record<string, string>> = [
      { authorization: token },
      { authorization: `Bearer ${token}` },
      { cookie: `asc_auth_key=${token}` },
    ];
    for (const headers of variants) {
      const res = await call(url, { headers });
      expect(res.status).toBe(200);
      expect(res.json.response.email).toBe('admin@docspace.test');
    }
    expect(emulator.requests.slice(-3).map((entry) => entry.scheme)).toEqual(['header', 'header', 'cookie']);
  });

  it('accepts a URL-encoded PAT (spaces map back to +)', async () => {
    const emulator = await start();
    const token = await adminToken(emulator);
    const res = await call(`${emulator.url}/api/2.0/people/@self`, {
      headers: { cookie: `asc_auth_key=${encodeURIComponent(token)}` },
    });
    expect(res.status).toBe(200);
  });

  it('lets the cookie win over the Authorization header', async () => {
    const emulator = await start();
    const token = await adminToken(emulator);
    const withGoodCookie = await call(`${emulator.url}/api/2.0/people/@self`, {
      headers: { authorization: 'not-a-token', cookie: `asc_auth_key=${token}` },
    });
    expect(withGoodCookie.status).toBe(200);
    const withBadCookie = await call(`${emulator.url}/api/2.0/people/@self`, {
      headers: { authorization: token, cookie: 'asc_auth_key=stale' },
    });
    expect(withBadCookie.status).toBe(401);
    expect(withBadCookie.text).toBe('');
  });

  it('routes Bearer sk- to the API-key scheme, and lower-case bearer falls through to 401', async () => {
    const emulator = await start();
    const key = emulator.seed.apiKeys[0]!.key;
    const ok = await call(`${emulator.url}/api/2.0/people/@self`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(ok.status).toBe(200);
    expect(emulator.requests.at(-1)!.scheme).toBe('api-key');
    const lower = await call(`${emulator.url}/api/2.0/people/@self`, {
      headers: { authorization: `bearer ${key}` },
    });
    expect(lower.status).toBe(401);
    expect(lower.text).toBe('');
    expect(emulator.requests.at(-1)!.scheme).toBe('header');
  });

  it('routes Bearer <JWT> to the JWT scheme; lower-case bearer with a JWT gets 401', async () => {
    const emulator = await start();
    const tokens = await codeFlow(emulator);
    const ok = await call(`${emulator.url}/api/2.0/people/@self`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(ok.status).toBe(200);
    expect(emulator.requests.at(-1)!.scheme).toBe('jwt');
    const lower = await call(`${emulator.url}/api/2.0/people/@self`, {
      headers: { authorization: `bearer ${tokens.access_token}` },
    });
    expect(lower.status).toBe(401);
  });

  it('accepts Basic by e-mail without 2FA and adds WWW-Authenticate: Basic to every response', async () => {
    const emulator = await start();
    const user = emulator.seed.users[1]!; // has app 2FA: Basic ignores it
    const ok = await call(`${emulator.url}/api/2.0/people/@self`, {
      headers: { authorization: basic(user.email, user.password) },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('www-authenticate')).toBe('Basic');
    expect(emulator.requests.at(-1)!.scheme).toBe('basic');
    const bad = await call(`${emulator.url}/api/2.0/people/@self`, {
      headers: { authorization: basic(user.email, 'wrong') },
    });
    expect(bad.status).toBe(401);
    expect(bad.text).toBe('');
    expect(bad.headers.get('www-authenticate')).toBe('Basic');
  });

  it('does not count Basic failures toward the brute-force lockout', async () => {
    const emulator = await start();
    const admin = emulator.seed.users[0]!;
    for (let i = 0; i < 7; i++)
      await call(`${emulator.url}/api/2.0/people/@self`, {
        headers: { authorization: basic(admin.email, 'bad') },
      });
    const token = await adminToken(emulator);
    expect(typeof token).toBe('string');
  });

  it('answers 401 with an empty body when no credential is sent', async () => {
    const emulator = await start();
    const res = await call(`${emulator.url}/api/2.0/people/@self`);
    expect(res.status).toBe(401);
    expect(res.text).toBe('');
    expect(emulator.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: '/api/2.0/people/@self',
      status: 401,
      scheme: 'none',
    });
  });
});
