// RFC 9207 mix-up defence (issue 16, finding 5): a foreign `iss` in the callback is refused even
// without an `issuer` option, and a missing one is refused when the server says it sends one.
import { describe, expect, it } from 'vitest';
import { createOAuthClient, type OAuthClientOptions } from '../src/index.js';

const base: OAuthClientOptions = {
  baseUrl: 'https://portal.example.com',
  clientId: 'client',
  clientSecret: 'secret',
  redirectUri: 'https://app.example.com/callback',
  scopes: ['files:read'],
  fetch: async () => {
    throw new Error('no token request may be made for a refused callback');
  },
};

async function callbackError(options: Partial<OAuthClientOptions>, iss: string | undefined) {
  const client = createOAuthClient({ ...base, ...options });
  const request = await client.createAuthorizationRequest();
  const url = new URL(`https://app.example.com/callback?code=attacker-code&state=${request.state}`);
  if (iss !== undefined) url.searchParams.set('iss', iss);
  const error = await client.handleCallback(url, request).catch((caught: unknown) => caught as Error);
  return { code: (error as { code?: string }).code, message: (error as Error).message };
}

const MISMATCH = {
  code: 'ERR_OAUTH_ISSUER_MISMATCH',
  message: 'the callback "iss" is not the expected issuer (a mix-up attack or a misconfiguration)',
};

describe('createOAuthClient', () => {
  it('refuses a callback whose "iss" is another authorization server although no "issuer" is set', async () => {
    expect(await callbackError({}, 'https://evil.example.com')).toEqual(MISMATCH);
  });

  it('refuses a foreign "iss" with explicit endpoints and no "issuer" too', async () => {
    const endpoints = {
      authorization: 'https://idp.example.com/authorize',
      token: 'https://idp.example.com/token',
    };
    expect(await callbackError({ baseUrl: undefined, endpoints }, 'https://evil.example.com/')).toEqual(
      MISMATCH,
    );
    expect(await callbackError({ baseUrl: undefined, endpoints }, 'not a url')).toEqual(MISMATCH);
  });

  it('refuses an "iss" outside a list of accepted issuers', async () => {
    const issuer = ['https://portal.example.com', 'https://portal.example.com/oauth2'];
    expect(await callbackError({ issuer }, 'https://portal.example.com/other')).toEqual(MISMATCH);
  });

  it('refuses a callback without "iss" when "requireCallbackIssuer" says the server sends one', async () => {
    expect(
      await callbackError({ issuer: 'https://portal.example.com', requireCallbackIssuer: true }, undefined),
    ).toEqual({
      code: 'ERR_OAUTH_ISSUER_MISMATCH',
      message:
        'the callback has no "iss" although the server says it sends one (RFC 9207: a mix-up attack or a misconfiguration)',
    });
  });

  it('still accepts the DocSpace callback without "iss", and an "iss" of the portal itself', async () => {
    const fetched: string[] = [];
    const client = createOAuthClient({
      ...base,
      fetch: async (input) => {
        fetched.push(String(input));
        return new Response(JSON.stringify({ access_token: 'at', token_type: 'Bearer', expires_in: 3600 }), {
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    for (const iss of [undefined, 'https://portal.example.com/oauth2']) {
      const request = await client.createAuthorizationRequest();
      const url = new URL(`https://app.example.com/callback?code=c&state=${request.state}`);
      if (iss) url.searchParams.set('iss', iss);
      await expect(client.handleCallback(url, request)).resolves.toMatchObject({ accessToken: 'at' });
    }
    expect(fetched).toEqual([
      'https://portal.example.com/oauth2/token',
      'https://portal.example.com/oauth2/token',
    ]);
  });

  it('rejects an "issuer" option that is not a string or a list of them', () => {
    expect(() => createOAuthClient({ ...base, issuer: [] })).toThrow(
      expect.objectContaining({
        code: 'ERR_AUTH_INVALID_OPTION',
        message: '"issuer" must be a non-empty string or a list of them',
      }),
    );
  });
});
