// The OAuth side of the stampede benchmark: @ds/auth-oauth signs the seeded admin in through the
// emulator's real login and consent pages (authorization code + PKCE), then its strategy
// (createOAuthAuth, on core's token manager) refreshes with the rotating refresh token.
import { createOAuthAuth, createOAuthClient, type OAuthAuth, type OAuthTokens } from '@ds/auth-oauth';
import type { Emulator } from '@ds/emulator';

/** An OAuth strategy and a way to make its access token look expired. */
export interface OAuthSession {
  strategy: OAuthAuth;
  /** Makes the held access token look expired to the client, keeping its current refresh token. */
  expire(): Promise<void>;
}

/** Signs the seeded admin in with the confidential seeded client and returns its strategy. */
export async function createOAuthSession(emulator: Emulator): Promise<OAuthSession> {
  const app = emulator.seed.clients.find((candidate) => !candidate.public)!;
  const client = createOAuthClient({
    baseUrl: emulator.url,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri: 'http://127.0.0.1/callback',
    scopes: ['files:read', 'accounts.self:read'],
  });
  const request = await client.createAuthorizationRequest();
  const callbackUrl = await emulator.authorize(request.url, {
    email: 'admin@docspace.test',
    password: 'Admin-pass-1',
    consent: 'allow',
  });
  let latest: OAuthTokens = await client.handleCallback(callbackUrl, request);
  const strategy = createOAuthAuth({
    client,
    tokens: latest,
    onTokens: (event) => {
      if (event.token) latest = event.token;
    },
  });
  return {
    strategy,
    async expire() {
      const now = Date.now();
      await strategy.setTokens({ ...latest, issuedAt: now - 3_600_000, expiresAt: now - 1_000 });
    },
  };
}
