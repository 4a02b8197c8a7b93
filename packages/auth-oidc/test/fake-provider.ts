import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

export interface FakeKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * A loopback OpenID Provider whose keys and tokens the test controls, for ID tokens no real provider
 * would sign. Discovery (both well-known paths, issuer = its origin) and a JWKS whose requests are counted.
 */
export interface FakeProvider {
  readonly url: string;
  readonly clientId: string;
  /** The keys published in the JWKS. */
  published: FakeKey[];
  /** JWKS requests served so far. */
  readonly jwksRequests: number;
  /** Discovery fields to override. */
  discovery: Record<string, unknown>;
  /** Answers `POST /oauth2/token` (the form it got) with this JSON, when set; else 404. */
  token: ((form: URLSearchParams) => unknown | Promise<unknown>) | undefined;
  /** What the JWKS endpoint sends instead of the keys, when set: `[status, body]`. */
  jwksResponse: (() => [number, string]) | undefined;
  newKey(alg?: 'ES256' | 'RS256' | 'PS256' | 'EdDSA', kid?: string): Promise<FakeKey>;
  /** Valid DocSpace-shaped claims at `nowMs`: iss = url/oauth2, aud = [url], azp = clientId. */
  claims(nowMs: number, overrides?: JWTPayload): JWTPayload;
  sign(claims: JWTPayload, key?: FakeKey, header?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function startFakeProvider(clientId = 'fake-client'): Promise<FakeProvider> {
  let jwksRequests = 0;
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const send = (body: unknown) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (path.endsWith('/.well-known/openid-configuration')) {
      return send({
        issuer: provider.url,
        authorization_endpoint: `${provider.url}/oauth2/authorize`,
        token_endpoint: `${provider.url}/oauth2/token`,
        jwks_uri: `${provider.url}/oauth2/jwks`,
        userinfo_endpoint: `${provider.url}/oauth2/userinfo`,
        id_token_signing_alg_values_supported: ['RS256'],
        ...provider.discovery,
      });
    }
    if (path === '/oauth2/jwks') {
      jwksRequests += 1;
      if (provider.jwksResponse) {
        const [status, body] = provider.jwksResponse();
        return response.writeHead(status, { 'content-type': 'application/json' }).end(body);
      }
      return send({ keys: provider.published.map((key) => key.publicJwk) });
    }
    if (path === '/oauth2/token' && request.method === 'POST' && provider.token) {
      const answer = provider.token;
      let text = '';
      request.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      request.on('end', () => {
        Promise.resolve(answer(new URLSearchParams(text))).then(send, () => response.writeHead(500).end());
      });
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider: FakeProvider = {
    url,
    clientId,
    published: [],
    discovery: {},
    token: undefined,
    jwksResponse: undefined,
    get jwksRequests() {
      return jwksRequests;
    },
    async newKey(alg = 'ES256', kid = `kid-${Math.random().toString(36).slice(2)}`) {
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
      const jwk = await exportJWK(publicKey);
      return { kid, alg, privateKey, publicJwk: { ...jwk, kid, alg, use: 'sig' } };
    },
    claims(nowMs, overrides = {}) {
      const iat = Math.floor(nowMs / 1000);
      return {
        iss: `${url}/oauth2`,
        sub: 'user-1',
        aud: [url],
        azp: clientId,
        iat,
        exp: iat + 1800,
        ...overrides,
      };
    },
    async sign(claims, key = provider.published[0]!, header = {}) {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, ...header })
        .sign(key.privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  provider.published.push(await provider.newKey('ES256', 'main'));
  return provider;
}

/** base64url of a UTF-8 string or bytes. */
export function b64url(input: string | Uint8Array): string {
  return Buffer.from(input).toString('base64url');
}
