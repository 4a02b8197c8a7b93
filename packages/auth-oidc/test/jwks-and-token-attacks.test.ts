// Attacks on ID-token verification and the JWKS fetch (issue 16, findings 6, 7 and 12).
import { createLocalJWKSet, generateKeyPair } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type IdTokenExpectations, type OidcClient, verifyIdToken } from '../src/index.js';
import { createJwksResolver } from '../src/jwks.js';
import {
  b64url,
  type FakeProvider,
  fakeProviderClient,
  startFakeProvider,
} from './fixtures/fake-provider.js';

let provider: FakeProvider;
let client: OidcClient;
let now: number;

beforeEach(async () => {
  provider = await startFakeProvider();
  now = Date.UTC(2026, 0, 1);
  client = fakeProviderClient(provider, () => now);
});
afterEach(async () => {
  await provider.close();
});

async function failure(
  run: () => Promise<unknown>,
): Promise<{ name: string; code: unknown; message: string }> {
  try {
    await run();
  } catch (error) {
    const caught = error as Error & { code?: unknown };
    return { name: caught.name, code: caught.code, message: caught.message };
  }
  throw new Error('expected a failure');
}
const expected = (): IdTokenExpectations => ({
  issuer: `${provider.url}/oauth2`,
  clientId: provider.clientId,
  portalAudience: provider.url,
  algorithms: ['ES256'],
  now,
});

describe('createOidcClient JWKS fetch', () => {
  it('does not read a 30 MiB key set in full', async () => {
    const pulled = { bytes: 0 };
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const huge = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled.bytes += chunk.byteLength;
        if (pulled.bytes > 30 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const resolver = createJwksResolver({
      url: 'https://op.example.com/jwks',
      fetch: async () => new Response(huge, { status: 200 }), // no content-length: it must be counted
      timeoutMs: 5_000,
      clock: { now: () => now },
      cooldownMs: 30_000,
      maxAgeMs: 600_000,
    });
    expect(
      await failure(async () => resolver.getKey({ alg: 'ES256', kid: 'main' }, undefined as never)),
    ).toEqual({
      name: 'AuthResponseError',
      code: 'ERR_AUTH_RESPONSE_TOO_LARGE',
      message: 'the response body is larger than 524288 bytes',
    });
    expect(pulled.bytes).toBeLessThan(2 * 1024 * 1024);
  });

  it('makes one JWKS request, not 100, for 100 tokens while the endpoint answers 500', async () => {
    provider.jwksResponse = () => [500, '{"error":"down"}'];
    const token = await provider.sign(provider.claims(now));
    const errors = [];
    for (let index = 0; index < 100; index++) errors.push(await failure(() => client.verifyIdToken(token)));
    expect(provider.jwksRequests).toBe(1);
    expect(new Set(errors.map((error) => error.code))).toEqual(new Set(['ERR_OIDC_JWKS_FAILED']));
    // After the cooldown (30 s by default) it asks again, and recovers.
    provider.jwksResponse = undefined;
    now += 30_000;
    await expect(client.verifyIdToken(token)).resolves.toMatchObject({ sub: 'user-1' });
    expect(provider.jwksRequests).toBe(2);
  });

  it('keeps using the cached keys when the refetch after jwksMaxAgeMs fails', async () => {
    const token = await provider.sign(provider.claims(now));
    await client.verifyIdToken(token);
    provider.jwksResponse = () => [500, ''];
    now += 11 * 60_000;
    await expect(client.verifyIdToken(await provider.sign(provider.claims(now)))).resolves.toMatchObject({
      sub: 'user-1',
    });
  });

  it('reports a published key with a malformed coordinate as ERR_OIDC_JWKS_FAILED', async () => {
    provider.published = [
      { ...provider.published[0]!, publicJwk: { ...provider.published[0]!.publicJwk, x: '!!!' } },
    ];
    expect(
      await failure(async () => client.verifyIdToken(await provider.sign(provider.claims(now)))),
    ).toEqual({
      name: 'AuthError',
      code: 'ERR_OIDC_JWKS_FAILED',
      message: 'the JWKS endpoint did not answer with a usable key set',
    });
  });
});

describe('verifyIdToken', () => {
  it('refuses a 20 MiB token without parsing it', async () => {
    const huge = `${b64url('{"alg":"ES256"}')}.${'A'.repeat(20 * 1024 * 1024)}.sig`;
    expect(
      await failure(() =>
        verifyIdToken(huge, { keys: async () => provider.published[0]!.publicJwk, expected: expected() }),
      ),
    ).toEqual({
      name: 'IdTokenError',
      code: 'ERR_OIDC_INVALID_ID_TOKEN',
      message: 'the ID token is longer than 65536 characters',
    });
  });

  it('names a "crit" header for what it is, not ERR_OIDC_ALG_NOT_ALLOWED', async () => {
    const header = b64url(JSON.stringify({ alg: 'ES256', kid: 'main', crit: ['x-ext'], 'x-ext': 1 }));
    const signed = await provider.sign(provider.claims(now));
    const token = `${header}.${signed.split('.')[1]}.${signed.split('.')[2]}`;
    expect(await failure(() => client.verifyIdToken(token))).toEqual({
      name: 'IdTokenError',
      code: 'ERR_OIDC_INVALID_ID_TOKEN',
      message:
        'the ID token header has a "crit" parameter naming extensions this client does not understand (RFC 7515 §4.1.11)',
    });
  });

  it.each([
    [
      'a malformed JWK in a local key set',
      async () => createLocalJWKSet({ keys: [{ ...provider.published[0]!.publicJwk, x: '!!!' }] }),
    ],
    ['an RSA key for an ES256 token', async () => (await generateKeyPair('RS256')).publicKey],
    ['the private key', async () => provider.published[0]!.privateKey],
    ['a resolver that returns a string', async () => async () => 'not a key' as never],
  ])('throws a typed error, not a raw TypeError or DOMException, for %s', async (_label, keys) => {
    const token = await provider.sign(provider.claims(now));
    expect(
      await failure(async () =>
        verifyIdToken(token, { keys: (await keys()) as never, expected: expected() }),
      ),
    ).toEqual({
      name: 'AuthError',
      code: 'ERR_OIDC_JWKS_FAILED',
      message: 'the provider key cannot verify the ID token (malformed or of the wrong type)',
    });
  });
});
