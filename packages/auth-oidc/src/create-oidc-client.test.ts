import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createOidcClient } from './create-oidc-client.js';
import type { OidcClientOptions } from './types.js';

const BASE: OidcClientOptions = {
  baseUrl: 'https://portal.example.com',
  clientId: 'cid',
  clientSecret: 'client-secret-value-123',
  redirectUri: 'https://app.example.com/cb',
  scopes: ['files:read'],
};
const configError = (options: Partial<OidcClientOptions>) => {
  try {
    createOidcClient({ ...BASE, ...options } as OidcClientOptions);
  } catch (error) {
    const { code, option, message } = error as { code: string; option: string; message: string };
    return { code, option, message };
  }
  throw new Error('expected an AuthConfigError');
};

describe('createOidcClient options', () => {
  it('defaults to docspace mode with baseUrl and strict mode with issuer, and adds the openid scope', () => {
    const docspace = createOidcClient(BASE);
    expect([docspace.compat, docspace.scopes]).toEqual(['docspace', ['openid', 'files:read']]);
    const strict = createOidcClient({ ...BASE, baseUrl: undefined, issuer: 'https://op.example.com' });
    expect(strict.compat).toBe('strict');
  });

  it('needs exactly one of baseUrl and issuer, and a compat that fits', () => {
    const exactlyOne = {
      code: 'ERR_AUTH_INVALID_OPTION',
      option: 'baseUrl',
      message: expect.stringContaining('exactly one'),
    };
    expect(configError({ issuer: 'https://op.example.com' })).toEqual(exactlyOne);
    expect(configError({ baseUrl: undefined })).toEqual(exactlyOne);
    expect(configError({ compat: 'strict' })).toMatchObject({
      option: 'compat',
      message: '"compat: \'strict\'" needs "issuer"',
    });
    expect(
      configError({ baseUrl: undefined, issuer: 'https://op.example.com', compat: 'docspace' }),
    ).toMatchObject({
      option: 'compat',
    });
    expect(configError({ compat: 'loose' as never })).toMatchObject({
      option: 'compat',
      message: '"compat" must be "docspace" or "strict"',
    });
  });

  it('refuses none, HS* and unknown algorithms at config time', () => {
    for (const alg of ['none', 'HS256', 'hs512']) {
      expect(configError({ algorithms: ['ES256', alg] })).toEqual({
        code: 'ERR_AUTH_INVALID_OPTION',
        option: 'algorithms',
        message: `"algorithms" must not contain "${alg}": ID tokens are verified with public keys only (no "none", no HS*)`,
      });
    }
    expect(configError({ algorithms: ['XY999'] })).toMatchObject({
      option: 'algorithms',
      message: expect.stringContaining('supported: ES256'),
    });
    expect(configError({ algorithms: [] })).toMatchObject({ option: 'algorithms' });
    expect(createOidcClient({ ...BASE, algorithms: ['EdDSA', 'PS256'] }).compat).toBe('docspace');
  });

  it('validates the clock tolerance (0-300 s), timeouts and cache durations', () => {
    expect(configError({ clockToleranceSec: 301 })).toEqual({
      code: 'ERR_AUTH_INVALID_OPTION',
      option: 'clockToleranceSec',
      message: '"clockToleranceSec" must be a number from 0 to 300',
    });
    expect(configError({ clockToleranceSec: -1 })).toMatchObject({ option: 'clockToleranceSec' });
    expect(configError({ timeoutMs: 0 })).toMatchObject({ option: 'timeoutMs' });
    expect(configError({ jwksCooldownMs: Number.NaN })).toMatchObject({ option: 'jwksCooldownMs' });
    expect(configError({ discoveryTtlMs: -5 })).toMatchObject({ option: 'discoveryTtlMs' });
    expect(configError({ clock: {} as never })).toMatchObject({ option: 'clock' });
  });

  it('passes the shared OAuth checks on: https only, redirect URI without query, fetch a function', () => {
    expect(configError({ baseUrl: 'http://portal.example.com' })).toMatchObject({
      code: 'ERR_AUTH_INSECURE_URL',
      option: 'baseUrl',
    });
    expect(configError({ baseUrl: undefined, issuer: 'http://op.example.com' })).toMatchObject({
      code: 'ERR_AUTH_INSECURE_URL',
      option: 'issuer',
    });
    expect(configError({ redirectUri: 'https://app.example.com/cb?x=1' })).toMatchObject({
      option: 'redirectUri',
    });
    expect(configError({ fetch: 'nope' as never })).toMatchObject({ option: 'fetch' });
    expect(configError({ postLogoutRedirectUri: 'http://app.example.com/bye' })).toMatchObject({
      option: 'postLogoutRedirectUri',
    });
  });

  it('never shows the client secret', () => {
    const client = createOidcClient(BASE);
    const shown = [
      inspect(client, { depth: 5 }),
      JSON.stringify(client),
      String(client),
      inspect(client.asOAuthClient()),
    ];
    for (const text of shown) expect(text).not.toContain('client-secret-value-123');
  });

  it('honours an aborted signal before any request', async () => {
    const requests: string[] = [];
    const client = createOidcClient({
      ...BASE,
      fetch: async (input) => {
        requests.push(String(input));
        return new Response('{}');
      },
    });
    const reason = new Error('stop');
    await expect(client.discover({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(requests).toEqual([]);
  });

  it('keeps serving cached metadata when a refetch after the TTL fails', async () => {
    let now = 0;
    let up = true;
    const doc = {
      issuer: 'https://portal.example.com',
      authorization_endpoint: 'https://portal.example.com/oauth2/authorize',
      token_endpoint: 'https://portal.example.com/oauth2/token',
      jwks_uri: 'https://portal.example.com/oauth2/jwks',
    };
    const client = createOidcClient({
      ...BASE,
      discoveryTtlMs: 1000,
      clock: { now: () => now },
      fetch: async () => (up ? Response.json(doc) : new Response('', { status: 503 })),
    });
    expect((await client.discover()).issuer).toBe(doc.issuer);
    up = false;
    now += 5000;
    expect((await client.discover()).jwks_uri).toBe(doc.jwks_uri);
  });
});
