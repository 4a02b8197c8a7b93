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

describe('createJwksResolver: the key chosen for a header', () => {
  const publicJwk = async (kid: string): Promise<JsonWebKey & { kid: string }> => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ]);
    return { ...(await crypto.subtle.exportKey('jwk', pair.publicKey)), kid };
  };
  const raw = async (key: unknown): Promise<string> =>
    JSON.stringify(await crypto.subtle.exportKey('jwk', key as CryptoKey));

  it('is the same key object for the same "alg" and "kid" until the key set is read again', async () => {
    let now = 0;
    const sets = [[await publicJwk('k1'), await publicJwk('k2')], [await publicJwk('k1')]];
    let served = 0;
    const resolver = createJwksResolver({
      url: 'https://op.example.com/jwks',
      fetch: async () => Response.json({ keys: sets[Math.min(served++, sets.length - 1)] }),
      timeoutMs: 5000,
      clock: { now: () => now },
      cooldownMs: 30_000,
      maxAgeMs: 600_000,
    });
    const first = await resolver.getKey(header, undefined as never);
    expect(await resolver.getKey(header, undefined as never)).toBe(first);
    const other = await resolver.getKey({ alg: 'ES256', kid: 'k2' }, undefined as never);
    expect(await raw(other)).not.toBe(await raw(first));
    expect(resolver.fetchCount).toBe(1);
    // Past maxAgeMs the set is read again: "k1" is now another key, and that one is returned.
    now = 600_000;
    const rotated = await resolver.getKey(header, undefined as never);
    expect(resolver.fetchCount).toBe(2);
    expect(JSON.parse(await raw(rotated))).toMatchObject({ x: sets[1]![0]!.x, y: sets[1]![0]!.y });
    await expect(resolver.getKey({ alg: 'ES256', kid: 'k2' }, undefined as never)).rejects.toMatchObject({
      code: 'ERR_OIDC_UNKNOWN_KID',
    });
  });

  it('is still chosen by jose for a header without a "kid"; a non-string "kid" finds no key, cached or not', async () => {
    const only = await publicJwk('k1');
    const resolver = make(async () => Response.json({ keys: [only] }));
    const coordinates = async (key: unknown) => {
      const { x, y } = JSON.parse(await raw(key)) as JsonWebKey;
      return { x, y };
    };
    const noKid = await resolver.getKey({ alg: 'ES256' }, undefined as never);
    expect(await coordinates(noKid)).toEqual({ x: only.x, y: only.y });
    expect(await resolver.getKey({ alg: 'ES256' }, undefined as never)).toBe(noKid);
    for (const kid of [7, { injected: true }, ['k1']]) {
      await expect(resolver.getKey({ alg: 'ES256', kid } as never, undefined as never)).rejects.toMatchObject(
        { code: 'ERR_OIDC_UNKNOWN_KID' },
      );
    }
    expect(await coordinates(await resolver.getKey(header, undefined as never))).toEqual({
      x: only.x,
      y: only.y,
    });
    expect(resolver.fetchCount).toBe(1);
  });
});
