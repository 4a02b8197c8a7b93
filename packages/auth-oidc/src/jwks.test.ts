import { describe, expect, it } from 'vitest';
import { createJwksResolver } from './jwks.js';

const header = { alg: 'ES256', kid: 'k1' };
const make = (fetch: typeof globalThis.fetch, timeoutMs = 5000) =>
  createJwksResolver({
    url: 'https://op.example.com/jwks',
    fetch,
    timeoutMs,
    clock: { now: () => 0 },
    cooldownMs: 30_000,
    maxAgeMs: 600_000,
  });

describe('createJwksResolver', () => {
  it('maps a failing JWKS endpoint to ERR_OIDC_JWKS_FAILED (retryable)', async () => {
    const resolver = make(async () => new Response('oops', { status: 500 }));
    await expect(resolver.getKey(header, undefined as never)).rejects.toMatchObject({
      code: 'ERR_OIDC_JWKS_FAILED',
      message: 'the JWKS endpoint did not answer with a usable key set',
      retryable: true,
    });
    expect(resolver.fetchCount).toBe(1);
  });

  it('maps a JWKS request that outlives timeoutMs to AuthTimeoutError', async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    await expect(make(hanging, 20).getKey(header, undefined as never)).rejects.toMatchObject({
      code: 'ERR_AUTH_TIMEOUT',
      message: 'the JWKS endpoint took longer than 20 ms',
    });
  });

  it('reports an unknown kid without a second fetch right after the first', async () => {
    const resolver = make(async () => Response.json({ keys: [] }));
    await expect(resolver.getKey(header, undefined as never)).rejects.toMatchObject({
      code: 'ERR_OIDC_UNKNOWN_KID',
    });
    expect(resolver.fetchCount).toBe(1);
  });

  it('shares one request between lookups that need the keys at the same time', async () => {
    const resolver = make(async () => Response.json({ keys: [] }));
    const lookups = [
      resolver.getKey(header, undefined as never),
      resolver.getKey(header, undefined as never),
    ];
    for (const lookup of lookups)
      await expect(lookup).rejects.toMatchObject({ code: 'ERR_OIDC_UNKNOWN_KID' });
    expect(resolver.fetchCount).toBe(1);
  });

  it('asks for a key set without following redirects, and treats a redirect as a failure', async () => {
    const seen: Array<{ url: string; init: RequestInit | undefined }> = [];
    const resolver = make(async (input, init) => {
      seen.push({ url: String(input), init });
      return new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/jwks' } });
    });
    await expect(resolver.getKey(header, undefined as never)).rejects.toMatchObject({
      code: 'ERR_OIDC_JWKS_FAILED',
      cause: { message: 'the JWKS endpoint answered 302, not 200' },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      url: 'https://op.example.com/jwks',
      init: {
        method: 'GET',
        redirect: 'manual',
        headers: { accept: 'application/json, application/jwk-set+json' },
      },
    });
  });

  it('maps a body that is not JSON to ERR_OIDC_JWKS_FAILED (retryable)', async () => {
    const resolver = make(async () => new Response('<html>', { status: 200 }));
    await expect(resolver.getKey(header, undefined as never)).rejects.toMatchObject({
      code: 'ERR_OIDC_JWKS_FAILED',
      retryable: true,
    });
  });
});
