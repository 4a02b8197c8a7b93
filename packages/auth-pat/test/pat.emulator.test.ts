import { inspect } from 'node:util';
import { AuthError, createDocSpaceClient } from '@ds/auth-core';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPersonalTokenAuth, TwoFactorRequiredError } from '../src/index.js';

let portal: Emulator;
beforeEach(async () => {
  portal = await startEmulator({ clock: 'manual' });
});
afterEach(async () => {
  await portal.close();
});

const admin = () => portal.seed.users.find((user) => user.email === 'admin@docspace.test')!;
const appUser = () => portal.seed.users.find((user) => user.tfa === 'app')!;
const clock = () => ({ now: () => portal.clock.now() });

describe('createPersonalTokenAuth against the emulator', () => {
  it('logs in once and reuses the token, sending it as Bearer and as the asc_auth_key cookie', async () => {
    const auth = createPersonalTokenAuth({
      baseUrl: portal.url,
      userName: admin().email,
      password: admin().password,
      clock: clock(),
    });
    const client = createDocSpaceClient({ baseUrl: portal.url, auth });
    const me = await client.get<{ email: string }>('/api/2.0/people/@self');
    await client.get('/api/2.0/people/@self');
    expect(me.email).toBe(admin().email);
    expect(portal.stats.logins).toBe(1);
    const credentials = await auth.authenticate();
    expect(credentials.headers.authorization).toMatch(/^Bearer \S+$/);
    expect(credentials.headers.cookie).toBe(`asc_auth_key=${credentials.headers.authorization!.slice(7)}`);
    expect(credentials.expiresAt).toBeGreaterThan(portal.clock.now() + 300 * 86_400_000);
  });

  it('makes one login for 50 concurrent first calls', async () => {
    const auth = createPersonalTokenAuth({
      baseUrl: portal.url,
      userName: admin().email,
      password: admin().password,
    });
    const client = createDocSpaceClient({ baseUrl: portal.url, auth });
    await Promise.all(Array.from({ length: 50 }, () => client.get('/api/2.0/people/@self')));
    expect(portal.stats.logins).toBe(1);
  });

  it('logs in again when the token expires', async () => {
    const auth = createPersonalTokenAuth({
      baseUrl: portal.url,
      userName: admin().email,
      password: admin().password,
      clock: clock(),
    });
    const client = createDocSpaceClient({ baseUrl: portal.url, auth });
    await client.get('/api/2.0/people/@self');
    portal.clock.advance(366 * 86_400_000);
    await client.get('/api/2.0/people/@self');
    expect(portal.stats.logins).toBe(2);
  });

  it('after a 401 logs in again exactly once and the call succeeds', async () => {
    const auth = createPersonalTokenAuth({
      baseUrl: portal.url,
      userName: admin().email,
      password: admin().password,
      clock: clock(),
    });
    const client = createDocSpaceClient({ baseUrl: portal.url, auth });
    await client.get('/api/2.0/people/@self');
    portal.logoutAll(admin().email);
    const me = await client.get<{ email: string }>('/api/2.0/people/@self');
    expect(me.email).toBe(admin().email);
    expect(portal.stats.logins).toBe(2);
  });

  it('revoke() logs out for real: the old token then gets 401', async () => {
    const auth = createPersonalTokenAuth({
      baseUrl: portal.url,
      userName: admin().email,
      password: admin().password,
    });
    const credentials = await auth.authenticate();
    await auth.revoke();
    const response = await fetch(`${portal.url}/api/2.0/people/@self`, {
      headers: { authorization: credentials.headers.authorization! },
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
    await auth.authenticate();
    expect(portal.stats.logins).toBe(2);
  });

  it('finishes app two-factor with a real TOTP code', async () => {
    const user = appUser();
    const prompts: string[] = [];
    const auth = createPersonalTokenAuth({
      baseUrl: portal.url,
      userName: user.email,
      password: user.password,
      onTwoFactor: async (challenge) => {
        prompts.push(challenge.kind);
        return portal.totp(user.email);
      },
    });
    const me = await createDocSpaceClient({ baseUrl: portal.url, auth }).get<{ email: string }>(
      '/api/2.0/people/@self',
    );
    expect(me.email).toBe(user.email);
    expect(prompts).toEqual(['app']);
  });

  it('finishes two-factor with a backup code', async () => {
    const user = appUser();
    const auth = createPersonalTokenAuth({
      baseUrl: portal.url,
      userName: user.email,
      password: user.password,
      onTwoFactor: async () => user.backupCodes![0]!,
    });
    await expect(auth.authenticate()).resolves.toMatchObject({ scheme: 'Bearer' });
  });

  it('finishes SMS two-factor with the code the portal sent', async () => {
    const user = portal.addUser({ email: 'sms@docspace.test', password: 'Sms-pass-1', tfa: 'sms' });
    const seen: Array<{ kind: string; phoneNoise?: string | undefined }> = [];
    const auth = createPersonalTokenAuth({
      baseUrl: portal.url,
      userName: user.email,
      password: user.password,
      onTwoFactor: async (challenge) => {
        seen.push({ kind: challenge.kind, phoneNoise: challenge.phoneNoise });
        return portal.lastSmsCode(user.email)!;
      },
    });
    await auth.authenticate();
    expect(seen).toEqual([{ kind: 'sms', phoneNoise: expect.stringMatching(/\*/) }]);
  });

  it('asks again after a wrong code, then fails with a typed error', async () => {
    const user = appUser();
    const attempts: number[] = [];
    const auth = createPersonalTokenAuth({
      baseUrl: portal.url,
      userName: user.email,
      password: user.password,
      onTwoFactor: async (_challenge, { attempt }) => {
        attempts.push(attempt);
        return '000000';
      },
    });
    await expect(auth.authenticate()).rejects.toMatchObject({
      code: 'ERR_PAT_INVALID_TWO_FACTOR_CODE',
      message: 'the portal rejected the two-factor code (wrong, expired or used too often)',
    });
    expect(attempts).toEqual([0, 1, 2]);
  });

  it('without onTwoFactor throws TwoFactorRequiredError carrying the challenge', async () => {
    const user = appUser();
    const auth = createPersonalTokenAuth({
      baseUrl: portal.url,
      userName: user.email,
      password: user.password,
    });
    const error = await auth.authenticate().catch((caught: unknown) => caught);
    expect(TwoFactorRequiredError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'ERR_PAT_TWO_FACTOR_REQUIRED',
      message: 'the portal requires a two-factor code (app); pass "onTwoFactor" to answer it',
      challenge: { kind: 'app', confirmUrl: expect.stringContaining('TfaAuth') },
    });
  });

  it('treats a wrong password as terminal and reports the lockout after five failures', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      // A fresh strategy per attempt, like five runs of a script: one instance backs off by itself.
      const wrong = createPersonalTokenAuth({
        baseUrl: portal.url,
        userName: admin().email,
        password: 'not-the-password',
      });
      await expect(wrong.authenticate()).rejects.toMatchObject({
        code: 'ERR_PAT_INVALID_CREDENTIALS',
        message: 'the portal rejected the user name or password',
      });
    }
    expect(portal.stats.logins).toBe(0);
    const right = createPersonalTokenAuth({
      baseUrl: portal.url,
      userName: admin().email,
      password: admin().password,
      clock: clock(),
    });
    await expect(right.authenticate()).rejects.toMatchObject({
      code: 'ERR_PAT_LOCKED_OUT',
      retryAfterMs: 60_000,
      message: 'too many failed logins: the portal blocks this account for about 60 s',
    });
    portal.clock.advance(61_000);
    await expect(right.authenticate()).resolves.toMatchObject({ scheme: 'Bearer' });
  });

  it('reports a disabled user with its own code', async () => {
    portal.setUserDisabled(admin().email, true);
    const auth = createPersonalTokenAuth({
      baseUrl: portal.url,
      userName: admin().email,
      password: admin().password,
    });
    await expect(auth.authenticate()).rejects.toMatchObject({ code: 'ERR_PAT_USER_DISABLED' });
  });

  it('reads the password from a callback and never shows it', async () => {
    const { email, password } = admin();
    const auth = createPersonalTokenAuth({
      baseUrl: portal.url,
      key: 'pat:admin',
      credentials: async () => ({ userName: email, password }),
    });
    await auth.authenticate();
    const wrong = createPersonalTokenAuth({
      baseUrl: portal.url,
      userName: email,
      password: `${password}-typo`,
    });
    const error = (await wrong.authenticate().catch((caught: unknown) => caught)) as AuthError;
    for (const text of [
      inspect(auth, { depth: 10 }),
      inspect(wrong, { depth: 10 }),
      JSON.stringify(wrong),
      String(error),
      inspect(error, { depth: 10 }),
    ]) {
      expect(text).not.toContain(password);
    }
    expect(AuthError.isInstance(error)).toBe(true);
  });
});
