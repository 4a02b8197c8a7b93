import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOAuthClient } from './create-oauth-client.js';
import { parseTokenResponse } from './parse-token-response.js';
import { s256 } from './pkce.js';
import type { AuthorizationServer, OAuthTokens, TokenCheckContext } from './types.js';

const SECRET = 'client-secret-value-123';
function recordingFetch(reply: () => Response) {
  const calls: Array<{ url: string; headers: Headers; body: URLSearchParams }> = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({
      url: String(input),
      headers: new Headers(init?.headers),
      body: new URLSearchParams(String(init?.body)),
    });
    return reply();
  };
  return { calls, fetch };
}
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const make = (fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>) =>
  createOAuthClient({
    baseUrl: 'https://portal.example.com',
    clientId: 'cid',
    clientSecret: SECRET,
    redirectUri: 'https://app.example.com/cb',
    scopes: ['files:read'],
    fetch,
  });

describe('createOAuthClient', () => {
  it('builds the authorization URL with S256 PKCE and a 256-bit state', async () => {
    const client = make(async () => json({}));
    const request = await client.createAuthorizationRequest({
      nonce: true,
      extraParams: { prompt: 'consent' },
    });
    const url = new URL(request.url);
    expect(url.origin + url.pathname).toBe('https://portal.example.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'cid',
      redirect_uri: 'https://app.example.com/cb',
      scope: 'files:read',
      state: request.state,
      code_challenge: await s256(request.codeVerifier),
      code_challenge_method: 'S256',
      nonce: request.nonce,
      prompt: 'consent',
    });
    expect(request.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(request.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(client.createAuthorizationRequest({ extraParams: { state: 'x' } })).rejects.toMatchObject({
      option: 'extraParams.state',
    });
  });

  it('exchanges the code with client_secret_post: credentials in the form body, never a Basic header', async () => {
    const { calls, fetch } = recordingFetch(() =>
      json({ access_token: 'at', token_type: 'Bearer', expires_in: 3599, refresh_token: 'rt' }),
    );
    const client = make(fetch);
    const request = await client.createAuthorizationRequest();
    await client.handleCallback(`https://app.example.com/cb?code=abc&state=${request.state}`, request);
    expect(calls[0]?.url).toBe('https://portal.example.com/oauth2/token');
    expect(calls[0]?.headers.get('authorization')).toBeNull();
    expect(Object.fromEntries(calls[0]!.body)).toEqual({
      grant_type: 'authorization_code',
      code: 'abc',
      redirect_uri: 'https://app.example.com/cb',
      code_verifier: request.codeVerifier,
      client_id: 'cid',
      client_secret: SECRET,
    });
  });

  it('keeps the old refresh token when the refresh response has none', async () => {
    const client = make(
      recordingFetch(() => json({ access_token: 'at2', token_type: 'bearer', expires_in: 60 })).fetch,
    );
    expect((await client.refresh('old-refresh')).refreshToken).toBe('old-refresh');
  });

  it('treats an OAuth error body as an error even with HTTP 200', async () => {
    const client = make(
      recordingFetch(() => json({ error: 'invalid_grant', error_description: 'expired' })).fetch,
    );
    await expect(client.refresh('r')).rejects.toMatchObject({
      code: 'ERR_OAUTH_INVALID_GRANT',
      status: 200,
      message: 'the token endpoint answered "invalid_grant": expired',
    });
  });

  it('maps an empty 429 to a retryable rate-limit error with the wait', async () => {
    const client = make(
      recordingFetch(
        () => new Response(null, { status: 429, headers: { 'x-ratelimit-reset': '30000000000' } }),
      ).fetch,
    );
    await expect(client.refresh('r')).rejects.toMatchObject({
      code: 'ERR_AUTH_RATE_LIMITED',
      retryable: true,
      retryAfterMs: 30_000,
    });
  });

  it('never shows its secret', () => {
    const client = make(async () => json({}));
    expect(inspect(client, { depth: 10 }) + JSON.stringify(client) + String(client)).not.toContain(SECRET);
  });

  it('validates options and names them', () => {
    const base = {
      baseUrl: 'https://portal.example.com',
      clientId: 'cid',
      redirectUri: 'https://app.example.com/cb',
      scopes: [],
    };
    expect(() => createOAuthClient({ ...base, redirectUri: 'http://app.example.com/cb' })).toThrow(
      expect.objectContaining({ option: 'redirectUri', code: 'ERR_AUTH_INSECURE_URL' }),
    );
    expect(() => createOAuthClient({ ...base, scopes: ['files read'] })).toThrow(
      '"scopes" must be an array of scope names without spaces',
    );
    expect(() => createOAuthClient({ ...base, clientAuthMethod: 'client_secret_basic' })).toThrow(
      '"clientSecret" is required for "client_secret_basic"',
    );
    expect(() => createOAuthClient({ ...base, baseUrl: undefined })).toThrow(
      expect.objectContaining({ option: 'baseUrl' }),
    );
  });
});

describe('parseTokenResponse', () => {
  it('computes expiry from expires_in on our clock', () => {
    expect(
      parseTokenResponse(
        { access_token: 'a', token_type: 'Bearer', expires_in: '3599', scope: 'a b' },
        1_000,
      ),
    ).toEqual({
      accessToken: 'a',
      tokenType: 'Bearer',
      issuedAt: 1_000,
      expiresAt: 3_600_000,
      scope: ['a', 'b'],
    });
  });

  it('never crashes: any JSON gives tokens or a typed error (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        try {
          const tokens = parseTokenResponse(body, 0);
          expect(typeof tokens.accessToken).toBe('string');
        } catch (error) {
          expect((error as { code?: string }).code).toBe('ERR_OAUTH_BAD_RESPONSE');
        }
      }),
    );
  });
});

const SERVER: AuthorizationServer = {
  endpoints: { authorization: 'https://op.example.com/authorize', token: 'https://op.example.com/token' },
  issuer: 'https://op.example.com',
};

/** A client whose endpoints come from `resolveServer`, recording what it asks and what `checkTokens` sees. */
function discovering(check?: (tokens: OAuthTokens, context: TokenCheckContext) => Promise<void>) {
  const resolved: Array<AbortSignal | undefined> = [];
  const checked: Array<{ tokens: OAuthTokens; context: TokenCheckContext }> = [];
  const posted: string[] = [];
  const client = createOAuthClient({
    clientId: 'cid',
    clientSecret: 'secret',
    redirectUri: 'https://app.example.com/cb',
    scopes: ['openid'],
    requireNonce: true,
    resolveServer: async ({ signal }) => {
      resolved.push(signal);
      return SERVER;
    },
    async checkTokens(tokens, context) {
      checked.push({ tokens, context });
      await check?.(tokens, context);
    },
    fetch: async (input) => {
      posted.push(String(input));
      return json({ access_token: 'at', token_type: 'Bearer', expires_in: 60, refresh_token: 'rt2' });
    },
  });
  return { client, resolved, checked, posted };
}

describe('createOAuthClient with resolveServer, checkTokens and requireNonce', () => {
  it('knows no endpoints before it resolved them, then uses the resolved ones', async () => {
    const { client, resolved } = discovering();
    expect(() => client.endpoints).toThrow(
      expect.objectContaining({
        code: 'ERR_OAUTH_ENDPOINTS_UNRESOLVED',
        message: 'the endpoints are not known yet: await "resolveEndpoints()" first',
      }),
    );
    const signal = new AbortController().signal;
    expect(await client.resolveEndpoints({ signal })).toEqual({ ...SERVER.endpoints });
    expect(resolved).toEqual([signal]);
    expect(client.endpoints.token).toBe('https://op.example.com/token');
    const request = await client.createAuthorizationRequest();
    expect(new URL(request.url).origin + new URL(request.url).pathname).toBe(
      'https://op.example.com/authorize',
    );
  });

  it('always sends a nonce, and refuses a request without one', async () => {
    const { client } = discovering();
    const request = await client.createAuthorizationRequest();
    expect(request.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new URL(request.url).searchParams.get('nonce')).toBe(request.nonce);
    await expect(client.createAuthorizationRequest({ nonce: false })).rejects.toMatchObject({
      code: 'ERR_AUTH_INVALID_OPTION',
      option: 'nonce',
    });
  });

  it('refuses a callback checked without a nonce before it spends the code', async () => {
    const { client, posted } = discovering();
    const callback = 'https://app.example.com/cb?code=c&state=s&iss=https%3A%2F%2Fop.example.com';
    await expect(client.handleCallback(callback, { state: 's', codeVerifier: 'v' })).rejects.toMatchObject({
      code: 'ERR_AUTH_INVALID_OPTION',
      option: 'nonce',
    });
    await expect(client.exchangeCode('c', { codeVerifier: 'v' })).rejects.toMatchObject({ option: 'nonce' });
    expect(posted).toEqual([]);
  });

  it('hands every token response to checkTokens first, with what the grant knows', async () => {
    const { client, checked } = discovering();
    const callback = 'https://app.example.com/cb?code=c&state=s&iss=https%3A%2F%2Fop.example.com';
    const signed = await client.handleCallback(callback, { state: 's', codeVerifier: 'v', nonce: 'n-1' });
    const refreshed = await client.refresh('rt', { previousIdToken: 'old', subject: 'user-1' });
    expect(checked.map(({ tokens }) => tokens)).toEqual([signed, refreshed]);
    expect(checked[0]?.tokens).toBe(signed);
    expect(checked.map(({ context }) => ({ ...context, signal: undefined }))).toEqual([
      { grant: 'authorization_code', nonce: 'n-1', signal: undefined },
      { grant: 'refresh_token', previousIdToken: 'old', subject: 'user-1', signal: undefined },
    ]);
  });

  it('returns no tokens that checkTokens refused', async () => {
    const refusal = new Error('not this user');
    const { client } = discovering(async (_tokens, context) => {
      if (context.grant === 'refresh_token') throw refusal;
    });
    await expect(client.refresh('rt')).rejects.toBe(refusal);
  });

  it('checks the resolved endpoints like configured ones', async () => {
    const client = createOAuthClient({
      clientId: 'cid',
      redirectUri: 'https://app.example.com/cb',
      scopes: [],
      resolveServer: async () => ({
        endpoints: { authorization: 'http://op.example.com/a', token: 'https://op.example.com/t' },
      }),
    });
    await expect(client.resolveEndpoints()).rejects.toMatchObject({
      code: 'ERR_AUTH_INSECURE_URL',
      option: 'endpoints.authorization',
    });
  });
});
