// A neutral, strict OpenID Provider on loopback for the callback benchmark, in its own process so its
// CPU time is not the client's. Both libraries verify its ID tokens fully: ES256 (advertised as such),
// iss = the issuer, aud = [client id], the request's nonce. The work a real provider does per sign-in
// (the login, minting and signing the ID token) happens at /authorize, before the measured loop; the
// token endpoint only checks the client, the redirect URI and PKCE and answers from a map, so the server
// costs both libraries the same and little. Codes stay valid (a pool reused round after round).
//   GET  /.well-known/openid-configuration   discovery (issuer = this origin)
//   GET  /jwks                               one ES256 key
//   GET  /authorize?...                      302 to redirect_uri?code&state&iss (RFC 9207)
//   POST /token                              authorization_code grant, client_secret_post
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { BENCH_CLIENT } from './bench-client.js';

interface Grant {
  idToken: string;
  accessToken: string;
  challenge: string;
  redirectUri: string;
}

const { privateKey, publicKey } = await generateKeyPair('ES256');
const jwk = { ...(await exportJWK(publicKey)), kid: 'bench-es256', alg: 'ES256', use: 'sig' };
const grants = new Map<string, Grant>();
let issuer = '';

function send(response: ServerResponse, status: number, body: unknown, headers = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(text);
}

async function authorize(url: URL, response: ServerResponse): Promise<void> {
  const q = (name: string): string => url.searchParams.get(name) ?? '';
  if (q('client_id') !== BENCH_CLIENT.clientId || q('code_challenge_method') !== 'S256' || !q('nonce')) {
    return send(response, 400, { error: 'invalid_request' });
  }
  const now = Math.floor(Date.now() / 1000);
  const idToken = await new SignJWT({ nonce: q('nonce'), auth_time: now })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setSubject('5f1d2a7e-3c4b-4e8a-9d10-aa0000000001')
    .setAudience([BENCH_CLIENT.clientId])
    .setIssuedAt(now)
    .setExpirationTime(now + 3_600)
    .sign(privateKey);
  const code = randomBytes(24).toString('base64url');
  grants.set(code, {
    idToken,
    accessToken: randomBytes(32).toString('base64url'),
    challenge: q('code_challenge'),
    redirectUri: q('redirect_uri'),
  });
  const location = new URL(q('redirect_uri'));
  location.search = new URLSearchParams({ code, state: q('state'), iss: issuer }).toString();
  response.writeHead(302, { location: location.href }).end();
}

function token(form: URLSearchParams, response: ServerResponse): void {
  const grant = grants.get(form.get('code') ?? '');
  const verifier = form.get('code_verifier') ?? '';
  if (
    form.get('grant_type') !== 'authorization_code' ||
    form.get('client_id') !== BENCH_CLIENT.clientId ||
    form.get('client_secret') !== BENCH_CLIENT.clientSecret
  ) {
    send(response, 401, { error: 'invalid_client' });
    return;
  }
  if (
    grant === undefined ||
    grant.redirectUri !== form.get('redirect_uri') ||
    createHash('sha256').update(verifier).digest('base64url') !== grant.challenge
  ) {
    send(response, 400, { error: 'invalid_grant' });
    return;
  }
  send(response, 200, {
    access_token: grant.accessToken,
    token_type: 'Bearer',
    expires_in: 3_600,
    scope: 'openid',
    id_token: grant.idToken,
  });
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', issuer);
  if (request.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
    send(response, 200, {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
      token_endpoint_auth_methods_supported: ['client_secret_post'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });
    return;
  }
  if (request.method === 'GET' && url.pathname === '/jwks') {
    send(response, 200, { keys: [jwk] });
    return;
  }
  if (request.method === 'GET' && url.pathname === '/authorize') {
    authorize(url, response).catch(() => send(response, 500, { error: 'server_error' }));
    return;
  }
  if (request.method === 'POST' && url.pathname === '/token') {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => token(new URLSearchParams(Buffer.concat(chunks).toString('utf8')), response));
    return;
  }
  send(response, 404, { error: 'not_found' });
}

const server = createServer({ keepAliveTimeout: 60_000 }, handle);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  issuer = `http://127.0.0.1:${address.port}`;
  process.send?.({ url: issuer });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close();
});
