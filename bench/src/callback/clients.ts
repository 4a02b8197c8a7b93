// The two relying parties of the callback benchmark, set up the same way against oidc-server.ts:
// discovery and the JWKS are fetched before the measured loop, so it holds callback handling only
// (callback URL checks, the code exchange over HTTP, ID-token verification).
import { createOidcClient } from '@ds/auth-oidc';
import * as openid from 'openid-client';
import { BENCH_CLIENT } from '../servers/bench-client.js';

/** One pre-generated sign-in: the callback URL the provider redirected to and what the session kept. */
export interface PoolEntry {
  callbackUrl: string;
  state: string;
  codeVerifier: string;
  nonce: string;
}

/** The relying parties measured. */
export const CALLBACK_VARIANTS = ['auth-oidc', 'openid-client', 'openid-client (no JWS check)'] as const;
/** A relying party name. */
export type CallbackVariant = (typeof CALLBACK_VARIANTS)[number];

/** Handles one callback and returns the verified `sub`. */
export type CallbackHandler = (entry: PoolEntry) => Promise<string>;

/** `@ds/auth-oidc` in strict mode for the loopback provider, discovered. */
export async function createOurClient(issuer: string): Promise<ReturnType<typeof createOidcClient>> {
  const client = createOidcClient({
    issuer,
    compat: 'strict',
    clientId: BENCH_CLIENT.clientId,
    clientSecret: BENCH_CLIENT.clientSecret,
    redirectUri: BENCH_CLIENT.redirectUri,
    scopes: ['openid'],
  });
  await client.discover();
  return client;
}

/**
 * Signs in `size` times at the provider (its /authorize mints and signs each ID token) and keeps the
 * callback URLs with their state, PKCE verifier and nonce: the codes both libraries redeem.
 */
export async function createPool(
  client: Awaited<ReturnType<typeof createOurClient>>,
  size: number,
): Promise<PoolEntry[]> {
  const pool: PoolEntry[] = [];
  for (let index = 0; index < size; index += 1) {
    const request = await client.createAuthorizationRequest();
    const response = await fetch(request.url, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status !== 302 || location === null)
      throw new Error(`authorize answered ${response.status}`);
    pool.push({
      callbackUrl: location,
      state: request.state,
      codeVerifier: request.codeVerifier,
      nonce: request.nonce,
    });
  }
  return pool;
}

/**
 * The callback handlers: ours (`handleCallback`, strict), openid-client 6.9.0 with its ID-token JWS
 * signature check switched on (`enableNonRepudiationChecks`: the same work as ours), and openid-client
 * as configured by default, which checks the ID token's claims but not its signature (allowed by
 * OpenID Connect Core 3.1.3.7 for a token received directly from the token endpoint over TLS).
 * All use Node's global fetch and keep-alive pool.
 */
export async function createHandlers(
  issuer: string,
  ours: Awaited<ReturnType<typeof createOurClient>>,
): Promise<Record<CallbackVariant, CallbackHandler>> {
  const configure = async (verifySignature: boolean): Promise<openid.Configuration> => {
    const config = await openid.discovery(
      new URL(issuer),
      BENCH_CLIENT.clientId,
      undefined,
      openid.ClientSecretPost(BENCH_CLIENT.clientSecret),
      { execute: [openid.allowInsecureRequests] },
    );
    if (verifySignature) openid.enableNonRepudiationChecks(config);
    return config;
  };
  const viaOpenid = (config: openid.Configuration): CallbackHandler => {
    return async (entry) => {
      const tokens = await openid.authorizationCodeGrant(config, new URL(entry.callbackUrl), {
        pkceCodeVerifier: entry.codeVerifier,
        expectedState: entry.state,
        expectedNonce: entry.nonce,
        idTokenExpected: true,
      });
      return tokens.claims()!.sub;
    };
  };
  return {
    'auth-oidc': async (entry) => (await ours.handleCallback(entry.callbackUrl, entry)).claims.sub,
    'openid-client': viaOpenid(await configure(true)),
    'openid-client (no JWS check)': viaOpenid(await configure(false)),
  };
}
