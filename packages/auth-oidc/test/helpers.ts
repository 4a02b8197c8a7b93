import type { OAuthTokens } from '@ds/auth-oauth';
import type { Emulator, SeededClient, SeededUser } from '@ds/emulator';
import type { AuthorizationRequest } from '@ds/auth-oauth';
import {
  createOidcClient,
  type OidcClient,
  type OidcClientOptions,
  type OidcSignInResult,
} from '../src/index.js';

export const admin = (portal: Emulator): SeededUser => portal.seed.users.find((user) => user.tfa === 'none')!;
export const webApp = (portal: Emulator): SeededClient =>
  portal.seed.clients.find((client) => !client.public)!;

/** A docspace-mode client of the seeded confidential app, on the emulator's clock. */
export function oidcClient(portal: Emulator, overrides: Partial<OidcClientOptions> = {}): OidcClient {
  const app = webApp(portal);
  return createOidcClient({
    baseUrl: portal.url,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri: 'http://127.0.0.1/callback',
    scopes: ['openid', 'files:read'],
    clock: { now: () => portal.clock.now() },
    ...overrides,
  });
}

/** Creates a sign-in request and plays the browser on the emulator's real login and consent pages. */
export async function authorize(
  portal: Emulator,
  client: OidcClient,
): Promise<{ request: AuthorizationRequest & { nonce: string }; callbackUrl: string }> {
  const request = await client.createAuthorizationRequest();
  const { email, password } = admin(portal);
  const callbackUrl = await portal.authorize(request.url, { email, password });
  return { request, callbackUrl };
}

/** The whole sign-in: authorize, then `handleCallback` (ID token verified). */
export async function signIn(portal: Emulator, client: OidcClient): Promise<OidcSignInResult> {
  const { request, callbackUrl } = await authorize(portal, client);
  return client.handleCallback(callbackUrl, request);
}

/** A fetch that records every URL it is asked for (origin + path), then calls the real one. */
export function recordingFetch(): { fetch: typeof fetch; paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    fetch: async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      paths.push(url.pathname);
      return fetch(input, init);
    },
  };
}

/** The `kid` of a JWT's header. */
export const kidOf = (token: string): string =>
  JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid as string;

export type { OAuthTokens };
