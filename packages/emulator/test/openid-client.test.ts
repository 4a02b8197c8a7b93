import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { start } from './helpers.js';

const REDIRECT = 'http://127.0.0.1:4567/callback';
const ADMIN = { email: 'admin@docspace.test', password: 'Admin-pass-1' };

/**
 * How a real portal has to be discovered: at `{portal}` (nginx serves `/oauth2/.well-known/*` as
 * `/.well-known/*`, DocSpace-buildtools config/nginx/onlyoffice.conf), whose `issuer` is `{portal}`,
 * then the issuer overridden to `{portal}/oauth2`, the `iss` of every token.
 */
async function configure(
  emulator: Emulator,
  options: { fetchImpl?: client.CustomFetch; es256?: boolean } = {},
): Promise<client.Configuration> {
  const web = emulator.seed.clients[0]!;
  const discovered = await client.discovery(new URL(emulator.url), web.clientId, undefined, undefined, {
    execute: [client.allowInsecureRequests],
  });
  const metadata = JSON.parse(JSON.stringify(discovered.serverMetadata())) as client.ServerMetadata;
  const config = new client.Configuration(
    { ...metadata, issuer: `${emulator.url}/oauth2` },
    web.clientId,
    // DocSpace quirk 1: metadata says RS256, tokens are ES256. Tell the client the real algorithm.
    options.es256 === false ? undefined : { id_token_signed_response_alg: 'ES256' },
    client.ClientSecretPost(web.clientSecret),
  );
  client.allowInsecureRequests(config);
  if (options.fetchImpl) config[client.customFetch] = options.fetchImpl;
  return config;
}

async function authorize(emulator: Emulator, config: client.Configuration, nonce: string) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: 'openid files:read accounts.self:read',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const callback = await emulator.authorize(url, ADMIN);
  return { callback: new URL(callback), verifier, state };
}

describe('openid-client 6 against the emulator', () => {
  it('fails discovery at {portal}/oauth2: a real portal answers issuer = {portal} there (onlyoffice.conf)', async () => {
    // Corrected fact: this file used to discover at {portal}/oauth2, which only the old emulator allowed.
    const emulator = await start();
    const web = emulator.seed.clients[0]!;
    const error = await client
      .discovery(new URL(`${emulator.url}/oauth2`), web.clientId, undefined, undefined, {
        execute: [client.allowInsecureRequests],
      })
      .then(
        () => null,
        (caught: unknown) => caught as Error & { code?: string },
      );
    expect({ code: error?.code, message: error?.message }).toEqual({
      code: 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
      message: 'discovered metadata issuer does not match the expected issuer',
    });
  });

  it('rejects the ES256 ID token when not told about it, because the metadata says RS256', async () => {
    const emulator = await start();
    const config = await configure(emulator, { es256: false });
    const { callback, verifier, state } = await authorize(emulator, config, 'n');
    const error = await client
      .authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: 'n',
      })
      .then(
        () => null,
        (caught: unknown) => caught as Error & { code?: string },
      );
    expect({ code: error?.code, message: error?.message }).toEqual({
      code: 'OAUTH_INVALID_RESPONSE',
      message: 'invalid response encountered',
    });
    expect((error!.cause as Error).message).toBe('unexpected JWT "alg" header parameter');
  });

  it('rejects the ID token under default strict validation because aud is the portal, not the client id', async () => {
    const emulator = await start();
    const config = await configure(emulator);
    const nonce = client.randomNonce();
    const { callback, verifier, state } = await authorize(emulator, config, nonce);
    const error = await client
      .authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
      })
      .then(
        () => null,
        (caught: unknown) => caught as Error & { code?: string; cause?: unknown },
      );
    expect(error).not.toBeNull();
    expect({ code: error!.code, message: error!.message }).toEqual({
      code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
      message: 'unexpected JWT claim value encountered',
    });
    const cause = error!.cause as Error & {
      cause: { claim: string; expected: string; claims: { aud: string[] } };
    };
    expect(cause.message).toBe('unexpected JWT "aud" (audience) claim value');
    expect(cause.cause.claim).toBe('aud');
    expect(cause.cause.expected).toBe(emulator.seed.clients[0]!.clientId);
    expect(cause.cause.claims.aud).toEqual([emulator.url]);
  });

  it('completes code + PKCE + refresh once told about the quirks (ID token checked by azp/cid)', async () => {
    const emulator = await start();
    const web = emulator.seed.clients[0]!;
    const idTokens: string[] = [];
    // DocSpace quirk 2: the ID token's aud is [portal] and the client id is in azp/cid. The strict
    // aud check cannot be configured away, so take the ID token out of the token response and verify
    // it ourselves with jose (iss = {portal}/oauth2, aud = portal, azp = cid = client id, nonce).
    const stripIdToken: client.CustomFetch = async (url, options) => {
      const response = await fetch(url, options as RequestInit);
      if (!url.endsWith('/oauth2/token') || !response.ok) return response;
      const body = (await response.json()) as Record<string, unknown>;
      if (typeof body.id_token === 'string') idTokens.push(body.id_token);
      delete body.id_token;
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    };
    const config = await configure(emulator, { fetchImpl: stripIdToken });
    const nonce = client.randomNonce();
    const { callback, verifier, state } = await authorize(emulator, config, nonce);
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('openid files:read accounts.self:read');
    expect(idTokens).toHaveLength(1);
    const jwks = createRemoteJWKSet(new URL(`${emulator.url}/oauth2/jwks`));
    const { payload } = await jwtVerify(idTokens[0]!, jwks, {
      issuer: `${emulator.url}/oauth2`,
      audience: emulator.url,
    });
    expect([payload.azp, payload.cid, payload.nonce]).toEqual([web.clientId, web.clientId, nonce]);

    const me = await fetch(`${emulator.url}/api/2.0/people/@self`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(((await me.json()) as { response: { email: string } }).response.email).toBe(ADMIN.email);

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(idTokens).toHaveLength(2);
    const userinfo = await client.fetchUserInfo(config, refreshed.access_token, payload.sub!);
    expect(userinfo.sub).toBe(emulator.seed.users[0]!.id);

    const introspection = await client.tokenIntrospection(config, refreshed.access_token);
    expect(introspection.active).toBe(true);
    await client.tokenRevocation(config, refreshed.refresh_token!);
    expect((await client.tokenIntrospection(config, refreshed.access_token)).active).toBe(false);
  });
});
