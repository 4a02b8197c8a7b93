// Any input to a public parser or factory gives a result or an AuthError (issue 16; tools/fuzz.ts).
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { anyValue, fuzz, optionsWith } from '../../../tools/fuzz.js';
import {
  buildEndSessionUrl,
  checkAlgorithms,
  computeAtHash,
  createOidcAuth,
  createOidcClient,
  discoveryPlan,
  parseDiscovery,
  verifyIdToken,
} from '../src/index.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'x').toString('base64url');
/** A compact-JWS-shaped string with any header and payload. */
const jwsLike = fc.oneof(
  fc.string(),
  fc
    .tuple(fc.jsonValue(), fc.jsonValue(), fc.string())
    .map(([header, payload, sig]) => `${b64(header)}.${b64(payload)}.${sig}`),
  fc
    .tuple(fc.dictionary(fc.constantFrom('alg', 'kid', 'crit', 'typ'), anyValue), fc.jsonValue())
    .map(([header, payload]) => `${b64(header)}.${b64(payload)}.AAAA`),
);
const discoveryLike = fc.oneof(
  anyValue,
  fc.record(
    {
      issuer: fc.oneof(anyValue, fc.constant('https://op.example.com')),
      authorization_endpoint: fc.oneof(anyValue, fc.webUrl()),
      token_endpoint: fc.oneof(anyValue, fc.webUrl()),
      jwks_uri: fc.oneof(anyValue, fc.webUrl()),
      userinfo_endpoint: anyValue,
      end_session_endpoint: anyValue,
      id_token_signing_alg_values_supported: anyValue,
    },
    { requiredKeys: [] },
  ),
);
const expected = { issuer: 'https://op.example.com', clientId: 'client', algorithms: ['ES256', 'RS256'] };

describe('fuzz: auth-oidc', () => {
  it('verifyIdToken, computeAtHash, checkAlgorithms', async () => {
    const keys = async () => {
      throw new Error('no key resolver should see a token this malformed');
    };
    await fuzz(jwsLike, (token) =>
      verifyIdToken(token, { keys: keys as never, expected }).catch((error) => {
        // A well-formed token reaches the resolver; its failure must come back typed as well.
        throw error;
      }),
    );
    await fuzz(fc.tuple(anyValue, anyValue), ([token, alg]) => computeAtHash(token as string, alg as string));
    await fuzz(anyValue, (value) => checkAlgorithms(value));
  });

  it('parseDiscovery, discoveryPlan, buildEndSessionUrl', async () => {
    await fuzz(fc.tuple(discoveryLike, fc.boolean()), ([body, insecure]) =>
      parseDiscovery(body, ['https://op.example.com'], insecure),
    );
    await fuzz(fc.tuple(anyValue, anyValue), ([compat, base]) =>
      discoveryPlan(compat as never, base as string),
    );
    await fuzz(
      fc.tuple(anyValue, optionsWith('idTokenHint', 'postLogoutRedirectUri', 'state', 'clientId')),
      ([endpoint, params]) => buildEndSessionUrl(endpoint as string, params as never),
    );
  });

  it('createOidcClient and createOidcAuth', async () => {
    await fuzz(
      optionsWith(
        'baseUrl',
        'issuer',
        'clientId',
        'clientSecret',
        'redirectUri',
        'scopes',
        'compat',
        'algorithms',
        'clockToleranceSec',
        'postLogoutRedirectUri',
        'discoveryTtlMs',
        'jwksCooldownMs',
        'jwksMaxAgeMs',
        'fetch',
        'timeoutMs',
        'clock',
      ),
      (options) => createOidcClient(options as never),
    );
    const client = createOidcClient({
      baseUrl: 'https://portal.example.com',
      clientId: 'client',
      redirectUri: 'https://app.example.com/callback',
      scopes: ['openid'],
      fetch: async () => new Response('{}', { status: 500 }),
    });
    await fuzz(optionsWith('client', 'store', 'key', 'tokens', 'clock', 'refreshWindow'), (options) =>
      createOidcAuth(options as never),
    );
    await fuzz(fc.tuple(anyValue, anyValue), ([token, checks]) =>
      client.verifyIdToken(token as string, checks as never),
    );
    await fuzz(fc.tuple(anyValue, anyValue), ([url, checks]) =>
      client.handleCallback(url as string, checks as never),
    );
  });
});
