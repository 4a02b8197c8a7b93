import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeAtHash, createOidcClient, type OidcClient } from '../src/index.js';
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

const NONCE = 'n-0S6_WzA2Mj';
async function expectRejected(token: string, code: string, message: RegExp, checks = { nonce: NONCE }) {
  const error = await client.verifyIdToken(token, checks).then(
    () => undefined,
    (caught: unknown) => caught as Error & { code: string },
  );
  expect(error, `expected ${code}`).toBeDefined();
  expect({ code: error!.code, message: error!.message }).toEqual({
    code,
    message: expect.stringMatching(message),
  });
  expect(error!.message).not.toContain(token.split('.')[1]!.slice(0, 16));
}
const claims = (overrides = {}) => provider.claims(now, { nonce: NONCE, ...overrides });

describe('ID-token attacks in docspace mode, each with its own code', () => {
  it('accepts the genuine token (the baseline every attack differs from by one thing)', async () => {
    const token = await provider.sign(claims());
    await expect(client.verifyIdToken(token, { nonce: NONCE })).resolves.toMatchObject({
      sub: 'user-1',
      azp: provider.clientId,
    });
  });

  it('rejects a bad signature: right kid and alg, another key', async () => {
    const other = await provider.newKey('ES256', 'main');
    await expectRejected(await provider.sign(claims(), other), 'ERR_OIDC_BAD_SIGNATURE', /signature/);
  });

  it('rejects alg "none" (an unsigned token crafted by hand)', async () => {
    const token = `${b64url(JSON.stringify({ alg: 'none', kid: 'main' }))}.${b64url(JSON.stringify(claims()))}.`;
    await expectRejected(token, 'ERR_OIDC_ALG_NOT_ALLOWED', /"alg": "none"/);
  });

  it('rejects HS256 signed with the public JWK as the HMAC secret (key confusion)', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(provider.published[0]!.publicJwk));
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: 'main' }).sign(secret);
    await expectRejected(token, 'ERR_OIDC_ALG_NOT_ALLOWED', /"alg" "HS256" is not allowed/);
  });

  it('rejects an alg outside the allow-list even with a valid signature (PS256 here)', async () => {
    const ps = await provider.newKey('PS256', 'ps');
    provider.published.push(ps);
    await expectRejected(
      await provider.sign(claims(), ps),
      'ERR_OIDC_ALG_NOT_ALLOWED',
      /allowed: ES256, RS256/,
    );
  });

  it('rejects an expired token beyond the 30 s tolerance, accepts one inside it', async () => {
    const iat = Math.floor(now / 1000) - 1800;
    await expectRejected(
      await provider.sign(claims({ iat, exp: Math.floor(now / 1000) - 31 })),
      'ERR_OIDC_EXPIRED',
      /"exp"/,
    );
    const inside = await provider.sign(claims({ iat, exp: Math.floor(now / 1000) - 29 }));
    await expect(client.verifyIdToken(inside, { nonce: NONCE })).resolves.toMatchObject({ sub: 'user-1' });
  });

  it('rejects iat in the future beyond the tolerance, accepts small skew', async () => {
    const ahead = (seconds: number) =>
      claims({ iat: Math.floor(now / 1000) + seconds, exp: Math.floor(now / 1000) + 1800 });
    await expectRejected(
      await provider.sign(ahead(31)),
      'ERR_OIDC_ISSUED_IN_FUTURE',
      /"iat" is 31 s in the future/,
    );
    await expect(
      client.verifyIdToken(await provider.sign(ahead(29)), { nonce: NONCE }),
    ).resolves.toBeDefined();
  });

  it('rejects nbf in the future beyond the tolerance', async () => {
    await expectRejected(
      await provider.sign(claims({ nbf: Math.floor(now / 1000) + 60 })),
      'ERR_OIDC_NOT_YET_VALID',
      /"nbf"/,
    );
  });

  it('rejects a wrong nonce and a missing nonce', async () => {
    await expectRejected(
      await provider.sign(claims({ nonce: 'another' })),
      'ERR_OIDC_NONCE_MISMATCH',
      /"nonce" is not the one/,
    );
    await expectRejected(
      await provider.sign(claims({ nonce: undefined })),
      'ERR_OIDC_NONCE_MISMATCH',
      /has no "nonce"/,
    );
  });

  it('rejects a token for another client (azp) and one with no azp', async () => {
    await expectRejected(
      await provider.sign(claims({ azp: 'other-client' })),
      'ERR_OIDC_AZP_MISMATCH',
      /another application/,
    );
    await expectRejected(
      await provider.sign(claims({ azp: undefined })),
      'ERR_OIDC_AZP_MISMATCH',
      /no "azp"/,
    );
  });

  it('rejects a wrong iss: another portal, and the discovery issuer without /oauth2', async () => {
    await expectRejected(
      await provider.sign(claims({ iss: 'https://other.example.com/oauth2' })),
      'ERR_OIDC_ISSUER_MISMATCH',
      /"iss" is not/,
    );
    await expectRejected(
      await provider.sign(claims({ iss: provider.url })),
      'ERR_OIDC_ISSUER_MISMATCH',
      /\/oauth2"/,
    );
  });

  it('rejects an aud of another portal even when azp is this client', async () => {
    await expectRejected(
      await provider.sign(claims({ aud: ['https://other.example.com'] })),
      'ERR_OIDC_AUDIENCE_MISMATCH',
      /"aud"/,
    );
  });

  it('rejects a wrong at_hash and accepts the right one', async () => {
    const token = await provider.sign(claims({ at_hash: await computeAtHash('access-token-A', 'ES256') }));
    await expectRejected(token, 'ERR_OIDC_AT_HASH_MISMATCH', /"at_hash"/, {
      nonce: NONCE,
      accessToken: 'access-token-B',
    } as never);
    await expect(
      client.verifyIdToken(token, { nonce: NONCE, accessToken: 'access-token-A' }),
    ).resolves.toBeDefined();
  });

  it('rejects an unknown kid after exactly one JWKS refetch, and does not refetch inside the cooldown', async () => {
    await client.verifyIdToken(await provider.sign(claims()), { nonce: NONCE });
    expect(provider.jwksRequests).toBe(1);
    now += 31_000; // past the 30 s cooldown
    const stranger = await provider.newKey('ES256', 'unknown-kid');
    await expectRejected(await provider.sign(claims(), stranger), 'ERR_OIDC_UNKNOWN_KID', /"kid"/);
    expect(provider.jwksRequests).toBe(2);
    await expectRejected(await provider.sign(claims(), stranger), 'ERR_OIDC_UNKNOWN_KID', /"kid"/);
    expect(provider.jwksRequests).toBe(2);
  });

  it('picks up a rotated key with one refetch once the cooldown has passed', async () => {
    const retired = provider.published[0]!;
    await client.verifyIdToken(await provider.sign(claims(), retired), { nonce: NONCE });
    const next = await provider.newKey('ES256', 'next');
    provider.published = [next];
    now += 31_000;
    await expect(
      client.verifyIdToken(await provider.sign(claims(), next), { nonce: NONCE }),
    ).resolves.toBeDefined();
    expect(provider.jwksRequests).toBe(2);
    await expectRejected(await provider.sign(claims(), retired), 'ERR_OIDC_UNKNOWN_KID', /"kid"/); // the retired key is gone
  });
});

describe('strict mode on the same provider', () => {
  const strict = (overrides = {}) =>
    createOidcClient({
      issuer: provider.url,
      clientId: provider.clientId,
      redirectUri: 'http://127.0.0.1/callback',
      scopes: ['openid'],
      clock: { now: () => now },
      ...overrides,
    });

  it('follows the RS256-only metadata, so a DocSpace ES256 token fails', async () => {
    const error = await strict()
      .verifyIdToken(await provider.sign(claims()), { nonce: NONCE })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'ERR_OIDC_ALG_NOT_ALLOWED',
      message: expect.stringContaining('allowed: RS256'),
    });
  });

  it('requires aud = client id: the DocSpace aud/azp shape fails', async () => {
    const client = strict({ algorithms: ['ES256'] });
    const docspaceShaped = await provider.sign(claims({ iss: provider.url }));
    await expect(client.verifyIdToken(docspaceShaped, { nonce: NONCE })).rejects.toMatchObject({
      code: 'ERR_OIDC_AUDIENCE_MISMATCH',
      message: 'the ID token "aud" does not contain this client id',
    });
    const standard = await provider.sign(
      claims({ iss: provider.url, aud: provider.clientId, azp: undefined }),
    );
    await expect(client.verifyIdToken(standard, { nonce: NONCE })).resolves.toMatchObject({
      aud: provider.clientId,
    });
    const twoAudiences = await provider.sign(
      claims({ iss: provider.url, aud: [provider.clientId, 'x'], azp: undefined }),
    );
    await expect(client.verifyIdToken(twoAudiences, { nonce: NONCE })).rejects.toMatchObject({
      code: 'ERR_OIDC_AZP_MISMATCH',
      message: 'the ID token has several audiences but no "azp"',
    });
  });

  it('refuses a discovery document whose issuer is not the configured one exactly', async () => {
    await expect(strict({ issuer: `${provider.url}/` }).discover()).rejects.toMatchObject({
      code: 'ERR_OIDC_DISCOVERY_ISSUER_MISMATCH',
      message: expect.stringContaining(`"${provider.url}/"`),
    });
  });
});
