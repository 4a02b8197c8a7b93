import type { Emulator, SeededUser } from '@ds/emulator';
import {
  type AuthorizationRequest,
  createOAuthClient,
  type OAuthClient,
  type OAuthTokens,
} from '../src/index.js';

export const SCOPES: string[] = ['files:read', 'rooms:read', 'accounts.self:read'];

export function confidentialClient(
  portal: Emulator,
  overrides: Partial<Parameters<typeof createOAuthClient>[0]> = {},
): OAuthClient {
  const seeded = portal.seed.clients.find((client) => !client.public)!;
  return createOAuthClient({
    baseUrl: portal.url,
    clientId: seeded.clientId,
    clientSecret: seeded.clientSecret,
    redirectUri: 'http://127.0.0.1/callback',
    scopes: SCOPES,
    clock: { now: () => portal.clock.now() },
    ...overrides,
  });
}

export function publicClient(portal: Emulator): OAuthClient {
  const seeded = portal.seed.clients.find((client) => client.public)!;
  return createOAuthClient({
    baseUrl: portal.url,
    clientId: seeded.clientId,
    redirectUri: 'http://127.0.0.1/callback',
    scopes: SCOPES,
    clock: { now: () => portal.clock.now() },
  });
}

export const admin = (portal: Emulator): SeededUser => portal.seed.users.find((user) => user.tfa === 'none')!;

/** Runs the whole browser flow through the emulator's real HTML pages and returns the tokens. */
export async function signIn(
  portal: Emulator,
  client: OAuthClient,
  consent: 'allow' | 'deny' = 'allow',
): Promise<{ request: AuthorizationRequest; callbackUrl: string; tokens: OAuthTokens | undefined }> {
  const request = await client.createAuthorizationRequest();
  const { email, password } = admin(portal);
  const callbackUrl = await portal.authorize(request.url, { email, password, consent });
  return {
    request,
    callbackUrl,
    tokens: consent === 'allow' ? await client.handleCallback(callbackUrl, request) : undefined,
  };
}
