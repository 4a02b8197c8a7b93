// A refresh answered with another user's tokens (issue 16, finding 2): through `asOAuthClient()`
// (createOidcAuth, createOAuthSessions) the re-issued ID token must keep the stored user's `sub`.
import { createMemoryTokenStore } from '@ds/auth-core';
import { createOAuthSessions, type OAuthTokens } from '@ds/auth-oauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOidcAuth, type OidcClient } from '../src/index.js';
import { type FakeProvider, fakeProviderClient, startFakeProvider } from './fixtures/fake-provider.js';

const HOUR = 3_600_000;
let provider: FakeProvider;
let client: OidcClient;
let now: number;

beforeEach(async () => {
  provider = await startFakeProvider();
  now = Date.UTC(2026, 0, 1);
  client = fakeProviderClient(provider, () => now, { clientSecret: 'secret' });
  await client.discover();
});
afterEach(async () => {
  await provider.close();
});

/** user-1's token set, as stored after sign-in, about to expire. */
async function signedInTokens(): Promise<OAuthTokens> {
  return {
    accessToken: 'at-user-1',
    refreshToken: 'rt-user-1',
    tokenType: 'Bearer',
    issuedAt: now,
    expiresAt: now + HOUR,
    idToken: await provider.sign(provider.claims(now, { sub: 'user-1' })),
  };
}

/** The token endpoint answers the refresh with user-2's tokens and a genuinely signed ID token for user-2. */
function answerWithAnotherUser(): string[] {
  const refreshed: string[] = [];
  provider.token = async (form) => {
    refreshed.push(form.get('refresh_token') ?? '');
    return {
      access_token: 'at-user-2',
      refresh_token: 'rt-user-2',
      token_type: 'Bearer',
      expires_in: 3600,
      id_token: await provider.sign(provider.claims(now, { sub: 'user-2' })),
    };
  };
  return refreshed;
}

const REFUSED = {
  code: 'ERR_OIDC_SUBJECT_MISMATCH',
  message: 'the ID token "sub" is not the signed-in user',
};

describe('createOAuthSessions with oidc.asOAuthClient()', () => {
  it("refuses a refresh that returns another user's tokens and never stores them under this user", async () => {
    const store = createMemoryTokenStore<OAuthTokens>();
    const sessions = createOAuthSessions({
      client: client.asOAuthClient(),
      store,
      clock: { now: () => now },
    });
    await sessions.signIn('user-1', await signedInTokens());
    const refreshed = answerWithAnotherUser();
    now += HOUR + 60_000;
    const error = await sessions
      .forUser('user-1')
      .authenticate()
      .catch((caught: unknown) => caught as Error & { code: string });
    expect(refreshed).toEqual(['rt-user-1']);
    expect({ code: (error as { code?: string }).code, message: (error as Error).message }).toEqual(REFUSED);
    expect((await store.get('user-1'))?.value.accessToken).toBe('at-user-1');
  });
});

describe('createOidcAuth', () => {
  it("refuses a refresh that returns another user's tokens and never sends them", async () => {
    const auth = createOidcAuth({ client, tokens: await signedInTokens(), clock: { now: () => now } });
    await auth.authenticate();
    answerWithAnotherUser();
    now += HOUR + 60_000;
    const error = await auth.authenticate().catch((caught: unknown) => caught as Error);
    expect({ code: (error as { code?: string }).code, message: (error as Error).message }).toEqual(REFUSED);
  });

  it('accepts a refresh whose re-issued ID token keeps the user', async () => {
    const auth = createOidcAuth({ client, tokens: await signedInTokens(), clock: { now: () => now } });
    provider.token = async () => ({
      access_token: 'at-user-1b',
      refresh_token: 'rt-user-1b',
      token_type: 'Bearer',
      expires_in: 3600,
      id_token: await provider.sign(provider.claims(now, { sub: 'user-1' })),
    });
    now += HOUR + 60_000;
    expect((await auth.authenticate()).headers.authorization).toBe('Bearer at-user-1b');
  });
});
