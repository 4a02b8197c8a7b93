// Any input to a public parser or factory gives a result or an AuthError (issue 16; tools/fuzz.ts).
import { createMemoryTokenStore } from '@ds/auth-core';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { anyValue, fuzz, optionsWith } from '../../../tools/fuzz.js';
import {
  apiBaseFromToken,
  base64UrlDecode,
  constantTimeEqual,
  createOAuthAuth,
  createOAuthClient,
  createOAuthSessions,
  parseCallback,
  parseTokenResponse,
  readUnverifiedClaims,
  s256,
} from '../src/index.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'x').toString('base64url');
/** A JWT-shaped string with any payload (or none). */
const jwtLike = fc.oneof(
  fc.string(),
  fc.jsonValue().map((payload) => `e30.${b64(payload)}.sig`),
);
/** A token-response-shaped value with any field replaced by anything. */
const tokenResponse = fc.oneof(
  anyValue,
  fc.record(
    {
      access_token: fc.oneof(anyValue, jwtLike),
      token_type: fc.oneof(anyValue, fc.constant('Bearer')),
      expires_in: anyValue,
      refresh_token: anyValue,
      scope: anyValue,
      id_token: anyValue,
    },
    { requiredKeys: [] },
  ),
);
const base = {
  baseUrl: 'https://portal.example.com',
  clientId: 'client',
  clientSecret: 'secret',
  redirectUri: 'https://app.example.com/callback',
  scopes: ['files:read'],
};

describe('fuzz: auth-oauth', () => {
  it('the pure parsers', async () => {
    await fuzz(fc.tuple(tokenResponse, fc.integer()), ([body, receivedAt]) =>
      parseTokenResponse(body, receivedAt),
    );
    await fuzz(
      fc.tuple(
        fc.oneof(anyValue, fc.webUrl({ withQueryParameters: true })),
        fc.string(),
        optionsWith('state', 'redirectUri', 'issuer', 'issuerOrigin', 'requireIssuer'),
      ),
      ([url, state, expected]) =>
        parseCallback(url as string, {
          redirectUri: 'https://app.example.com/callback',
          state,
          ...(expected as object),
        }),
    );
    await fuzz(anyValue, (token) => readUnverifiedClaims(token as string));
    await fuzz(fc.tuple(fc.oneof(anyValue, jwtLike), fc.array(fc.string())), ([token, hosts]) =>
      apiBaseFromToken(token as string, hosts, new URL('https://portal.example.com')),
    );
    await fuzz(anyValue, (text) => base64UrlDecode(text as string));
    await fuzz(fc.tuple(anyValue, anyValue), ([a, b]) => constantTimeEqual(a as string, b as string));
    await fuzz(anyValue, (verifier) => s256(verifier as string));
  });

  it('createOAuthClient and its calls against a server that answers anything', async () => {
    await fuzz(
      optionsWith(
        'baseUrl',
        'authorizationServer',
        'endpoints',
        'issuer',
        'requireCallbackIssuer',
        'clientId',
        'clientSecret',
        'clientAuthMethod',
        'redirectUri',
        'scopes',
        'allowedApiHosts',
        'fetch',
        'timeoutMs',
      ),
      (options) => createOAuthClient(options as never),
    );
    await fuzz(
      fc.tuple(
        fc.integer({ min: 200, max: 599 }),
        fc.oneof(
          fc.string(),
          tokenResponse.map((value) => JSON.stringify(value) ?? ''),
        ),
      ),
      async ([status, body]) => {
        const client = createOAuthClient({
          ...base,
          fetch: async () => new Response(body, { status, headers: { 'content-type': 'application/json' } }),
        });
        await client.refresh('rt');
        await client.createAuthorizationRequest({ scopes: ['a'], extraParams: { prompt: 'login' } });
      },
    );
    const client = createOAuthClient(base);
    await fuzz(optionsWith('scopes', 'extraParams', 'redirectUri', 'nonce'), (options) =>
      client.createAuthorizationRequest(options as never),
    );
    await fuzz(fc.tuple(anyValue, anyValue), ([url, checks]) =>
      client.handleCallback(url as string, checks as never),
    );
    await fuzz(fc.tuple(anyValue, anyValue), ([token, hint]) =>
      client.revoke(token as string, hint as never),
    );
  });

  it('createOAuthAuth and createOAuthSessions', async () => {
    const client = createOAuthClient(base);
    await fuzz(
      optionsWith('client', 'store', 'key', 'tokens', 'clock', 'refreshWindow', 'onTokens'),
      (options) => createOAuthAuth(options as never),
    );
    await fuzz(fc.tuple(anyValue, anyValue, anyValue), ([key, tokens, refreshWindow]) =>
      createOAuthAuth({
        client,
        store: createMemoryTokenStore(),
        key: key as string,
        tokens: tokens as never,
        refreshWindow: refreshWindow as never,
      }),
    );
    await fuzz(optionsWith('client', 'store', 'maxUsers', 'clock', 'refreshWindow', 'onTokens'), (options) =>
      createOAuthSessions(options as never),
    );
    const sessions = createOAuthSessions({ client, store: createMemoryTokenStore() });
    await fuzz(fc.tuple(anyValue, anyValue), async ([key, tokens]) => {
      await sessions.signIn(key as string, tokens as never);
    });
  });
});
