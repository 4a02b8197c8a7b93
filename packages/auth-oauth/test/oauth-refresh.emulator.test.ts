import { createDocSpaceClient, createMemoryTokenStore } from '@ds/auth-core';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createOAuthAuth, type OAuthTokens } from '../src/index.js';
import { confidentialClient, signIn } from './fixtures/helpers.js';

let portal: Emulator;
afterEach(async () => {
  await portal.close();
});

describe('refresh against the emulator', () => {
  it('refreshes before expiry, rotating and storing the refresh token, and reuse detection never fires', async () => {
    portal = await startEmulator({ clock: 'manual' });
    const client = confidentialClient(portal);
    const { tokens } = await signIn(portal, client);
    const store = createMemoryTokenStore<OAuthTokens>();
    const auth = createOAuthAuth({
      client,
      store,
      key: 'admin',
      tokens,
      clock: { now: () => portal.clock.now() },
    });
    const api = createDocSpaceClient({ baseUrl: portal.url, auth });
    const seen = new Set<string>([tokens!.refreshToken!]);
    for (let hour = 0; hour < 5; hour++) {
      portal.clock.advance(61 * 60_000);
      await api.get('/api/2.0/files/@my');
      const stored = (await store.get('admin'))!.value;
      expect(seen.has(stored.refreshToken!)).toBe(false);
      seen.add(stored.refreshToken!);
    }
    expect(portal.stats.refreshReuseDetected).toBe(0);
    expect(portal.stats.tokenRequests).toBe(6); // the code exchange and five refreshes
  });

  it('makes one token request for 1,000 concurrent requests on an expired token', async () => {
    portal = await startEmulator({ clock: 'manual' });
    const client = confidentialClient(portal);
    const { tokens } = await signIn(portal, client);
    const auth = createOAuthAuth({ client, tokens, clock: { now: () => portal.clock.now() } });
    const api = createDocSpaceClient({ baseUrl: portal.url, auth });
    portal.clock.advance(2 * 60 * 60_000);
    const before = portal.stats.tokenRequests;
    const results = await Promise.all(
      Array.from({ length: 1000 }, () => api.get<{ email: string }>('/api/2.0/people/@self')),
    );
    expect(results.every((me) => me.email === 'admin@docspace.test')).toBe(true);
    expect(portal.stats.tokenRequests - before).toBe(1);
  }, 60_000);

  it('backs off a 429 from the token endpoint and then succeeds', async () => {
    portal = await startEmulator({ clock: 'manual' });
    const client = confidentialClient(portal);
    const { tokens } = await signIn(portal, client);
    const auth = createOAuthAuth({ client, tokens, clock: { now: () => portal.clock.now() } });
    portal.clock.advance(2 * 60 * 60_000);
    portal.faults.add({ path: '/oauth2/token', kind: 'rate-limit', retryAfterSeconds: 0, times: 1 });
    const before = portal.stats.tokenRequests;
    await expect(auth.authenticate()).resolves.toMatchObject({ scheme: 'Bearer' });
    expect(
      portal.requests
        .filter((request) => request.path === '/oauth2/token')
        .map((request) => request.status)
        .slice(-2),
    ).toEqual([429, 200]);
    expect(portal.stats.tokenRequests - before).toBe(1);
  });

  it('turns a rejected refresh token into ERR_OAUTH_REAUTH_REQUIRED and clears the stored set', async () => {
    portal = await startEmulator({ clock: 'manual' });
    const client = confidentialClient(portal);
    const { tokens } = await signIn(portal, client);
    const store = createMemoryTokenStore<OAuthTokens>();
    const auth = createOAuthAuth({
      client,
      store,
      key: 'admin',
      tokens,
      clock: { now: () => portal.clock.now() },
    });
    await auth.authenticate();
    await client.revoke(tokens!.refreshToken!, 'refresh_token');
    portal.clock.advance(2 * 60 * 60_000);
    await expect(auth.authenticate()).rejects.toMatchObject({
      code: 'ERR_OAUTH_REAUTH_REQUIRED',
      message: 'the refresh token was rejected (invalid_grant): authorize again',
    });
    expect(await store.get('admin')).toBeUndefined();
    expect(await auth.getTokens()).toBeUndefined();
  });
});
