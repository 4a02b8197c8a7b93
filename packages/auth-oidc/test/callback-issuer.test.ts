// RFC 9207 mix-up defence in the OIDC client (issue 16, finding 5): DocSpace compat knows the issuer
// too, and a provider that advertises `authorization_response_iss_parameter_supported` must send `iss`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOidcClient, type OidcClient } from '../src/index.js';
import { type FakeProvider, startFakeProvider } from './fixtures/fake-provider.js';

let provider: FakeProvider;
beforeEach(async () => {
  provider = await startFakeProvider();
});
afterEach(async () => {
  await provider.close();
});

async function callbackError(client: OidcClient, iss: string | undefined) {
  const request = await client.createAuthorizationRequest();
  const url = new URL(`http://127.0.0.1/callback?code=attacker-code&state=${request.state}`);
  if (iss !== undefined) url.searchParams.set('iss', iss);
  const error = await client.handleCallback(url, request).catch((caught: unknown) => caught as Error);
  return { code: (error as { code?: string }).code, message: (error as Error).message };
}

const options = () => ({
  clientId: provider.clientId,
  clientSecret: 'secret',
  redirectUri: 'http://127.0.0.1/callback',
  scopes: ['openid'],
});

describe('createOidcClient', () => {
  it('refuses a foreign "iss" in docspace compat, where the portal is the expected issuer', async () => {
    const client = createOidcClient({ baseUrl: provider.url, ...options() });
    expect(await callbackError(client, 'https://evil.example.com')).toEqual({
      code: 'ERR_OAUTH_ISSUER_MISMATCH',
      message: 'the callback "iss" is not the expected issuer (a mix-up attack or a misconfiguration)',
    });
  });

  it('refuses a callback without "iss" when discovery advertises authorization_response_iss_parameter_supported', async () => {
    provider.discovery = { authorization_response_iss_parameter_supported: true };
    const client = createOidcClient({ issuer: provider.url, ...options() });
    expect(await callbackError(client, undefined)).toEqual({
      code: 'ERR_OAUTH_ISSUER_MISMATCH',
      message:
        'the callback has no "iss" although the server says it sends one (RFC 9207: a mix-up attack or a misconfiguration)',
    });
  });

  it('gets past the issuer check with the right "iss" (the code exchange is what fails here)', async () => {
    provider.discovery = { authorization_response_iss_parameter_supported: true };
    const client = createOidcClient({ issuer: provider.url, ...options() });
    const { code } = await callbackError(client, provider.url);
    expect(code).not.toBe('ERR_OAUTH_ISSUER_MISMATCH');
  });
});
