// The "main use" of each package, as a user would write it, bundled by esbuild to measure what it costs.
// Peer libraries do the job of @ds/auth-oauth (authorization-code exchange with PKCE + refresh) and of
// @ds/auth-oidc (discovery, sign-in with a nonce, code exchange, ID-token signature and claims checked).

/** One bundle to measure. */
export interface SizeEntry {
  name: string;
  /** What the entry does, for the table. */
  job: string;
  /** Packages whose installed runtime dependencies are counted. */
  packages: string[];
  source: string;
  /** Bare specifiers left out of the bundle (peer dependencies the user installs anyway). */
  external?: string[];
}

const strategyEntry = (pkg: string, factory: string, options: string): string => `
import { createDocSpaceClient } from '@ds/auth-core';
import { ${factory} } from '${pkg}';
export function main(baseUrl, secret) {
  const client = createDocSpaceClient({ baseUrl, auth: ${factory}(${options}) });
  return client.get('/api/2.0/people/@self');
}`;

/** Our packages' entries. */
export const OUR_ENTRIES: SizeEntry[] = [
  {
    name: 'auth-core',
    job: 'custom strategy + createDocSpaceClient',
    packages: ['@ds/auth-core'],
    source: `
import { createCredentials, createDocSpaceClient } from '@ds/auth-core';
export function main(baseUrl, secret) {
  const auth = { kind: 'static', authenticate: async () =>
    createCredentials({ scheme: 'Bearer', headers: { authorization: 'Bearer ' + secret } }) };
  return createDocSpaceClient({ baseUrl, auth }).get('/api/2.0/people/@self');
}`,
  },
  {
    name: 'auth-core withAuth',
    job: 'custom strategy + withAuth(fetch)',
    packages: ['@ds/auth-core'],
    source: `
import { createCredentials, withAuth } from '@ds/auth-core';
export function main(baseUrl, secret) {
  const auth = { kind: 'static', authenticate: async () =>
    createCredentials({ scheme: 'Bearer', headers: { authorization: 'Bearer ' + secret } }) };
  return withAuth(fetch, auth, { baseUrl })(baseUrl + '/api/2.0/people/@self');
}`,
  },
  {
    name: 'auth-core/undici',
    job: 'custom strategy + createAuthInterceptor (undici external)',
    packages: ['@ds/auth-core'],
    external: ['undici'],
    source: `
import { createCredentials } from '@ds/auth-core';
import { createAuthInterceptor } from '@ds/auth-core/undici';
import { Agent, request } from 'undici';
export function main(baseUrl, secret) {
  const auth = { kind: 'static', authenticate: async () =>
    createCredentials({ scheme: 'Bearer', headers: { authorization: 'Bearer ' + secret } }) };
  const dispatcher = new Agent().compose(createAuthInterceptor(auth, { baseUrl }));
  return request(baseUrl + '/api/2.0/people/@self', { dispatcher });
}`,
  },
  {
    name: 'auth-basic',
    job: 'createBasicAuth + createDocSpaceClient',
    packages: ['@ds/auth-basic'],
    source: strategyEntry('@ds/auth-basic', 'createBasicAuth', '{ email: "a@b.c", password: secret }'),
  },
  {
    name: 'auth-apikey',
    job: 'createApiKeyAuth + createDocSpaceClient',
    packages: ['@ds/auth-apikey'],
    source: strategyEntry('@ds/auth-apikey', 'createApiKeyAuth', '{ apiKey: secret }'),
  },
  {
    name: 'auth-pat',
    job: 'createPersonalTokenAuth + createDocSpaceClient',
    packages: ['@ds/auth-pat'],
    source: strategyEntry(
      '@ds/auth-pat',
      'createPersonalTokenAuth',
      '{ baseUrl, userName: "a@b.c", password: secret }',
    ),
  },
  {
    name: 'auth-oauth',
    job: 'code exchange (PKCE) + refresh',
    packages: ['@ds/auth-oauth'],
    source: `
import { createOAuthAuth, createOAuthClient } from '@ds/auth-oauth';
export async function main(baseUrl, clientId, secret, callbackUrl, checks) {
  const client = createOAuthClient({ baseUrl, clientId, clientSecret: secret, redirectUri: callbackUrl, scopes: ['files:read'] });
  const request = await client.createAuthorizationRequest();
  const auth = createOAuthAuth({ client, tokens: await client.handleCallback(callbackUrl, checks) });
  return [request.url, await auth.authenticate()];
}`,
  },
  {
    name: 'auth-oidc',
    job: 'OIDC sign-in: discovery, nonce, code exchange, ID token verified (with jose)',
    packages: ['@ds/auth-oidc'],
    source: `
import { createOidcClient } from '@ds/auth-oidc';
export async function main(issuer, clientId, secret, redirectUri, callbackUrl) {
  const client = createOidcClient({ issuer, clientId, clientSecret: secret, redirectUri, scopes: ['openid'] });
  const request = await client.createAuthorizationRequest();
  const { tokens, claims } = await client.handleCallback(callbackUrl, request);
  return [request.url, claims, await client.verifyIdToken(tokens.idToken)];
}`,
  },
  {
    name: 'auth-oidc verifyIdToken',
    job: 'verifyIdToken alone, with a key (jose compactVerify, no client, no JWKS fetch)',
    packages: ['@ds/auth-oidc'],
    source: `
import { verifyIdToken } from '@ds/auth-oidc';
export function main(idToken, key, issuer, clientId, nonce) {
  return verifyIdToken(idToken, { keys: key, expected: { issuer: [issuer], clientId, algorithms: ['ES256'], nonce } });
}`,
  },
];

/** Peer libraries doing an authorization-code exchange (PKCE) and a refresh. */
export const PEER_ENTRIES: SizeEntry[] = [
  {
    name: 'openid-client',
    job: 'code exchange (PKCE) + refresh',
    packages: ['openid-client'],
    source: `
import * as client from 'openid-client';
export async function main(issuer, clientId, secret, callbackUrl, verifier, state) {
  const config = new client.Configuration(
    { issuer, authorization_endpoint: issuer + '/oauth2/authorize', token_endpoint: issuer + '/oauth2/token' },
    clientId, secret, client.ClientSecretPost(secret));
  const url = client.buildAuthorizationUrl(config, { redirect_uri: callbackUrl, state, code_challenge_method: 'S256',
    code_challenge: await client.calculatePKCECodeChallenge(verifier) });
  const tokens = await client.authorizationCodeGrant(config, new URL(callbackUrl), { pkceCodeVerifier: verifier, expectedState: state });
  return [url, await client.refreshTokenGrant(config, tokens.refresh_token)];
}`,
  },
  {
    name: 'oauth4webapi',
    job: 'code exchange (PKCE) + refresh',
    packages: ['oauth4webapi'],
    source: `
import * as oauth from 'oauth4webapi';
export async function main(issuer, clientId, secret, callbackUrl, verifier, state) {
  const as = { issuer, authorization_endpoint: issuer + '/oauth2/authorize', token_endpoint: issuer + '/oauth2/token' };
  const client = { client_id: clientId };
  const auth = oauth.ClientSecretPost(secret);
  const challenge = await oauth.calculatePKCECodeChallenge(verifier);
  const params = oauth.validateAuthResponse(as, client, new URL(callbackUrl), state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, auth, params, callbackUrl, verifier);
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
  const refreshed = await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token);
  return [challenge, await oauth.processRefreshTokenResponse(as, client, refreshed)];
}`,
  },
  {
    name: 'simple-oauth2',
    job: 'code exchange (PKCE) + refresh',
    packages: ['simple-oauth2'],
    source: `
import { AuthorizationCode } from 'simple-oauth2';
export async function main(issuer, clientId, secret, callbackUrl, verifier, code) {
  const client = new AuthorizationCode({ client: { id: clientId, secret },
    auth: { tokenHost: issuer, tokenPath: '/oauth2/token', authorizePath: '/oauth2/authorize' },
    options: { authorizationMethod: 'body' } });
  const url = client.authorizeURL({ redirect_uri: callbackUrl, scope: 'openid' });
  const token = await client.getToken({ code, redirect_uri: callbackUrl, code_verifier: verifier });
  return [url, await token.refresh()];
}`,
  },
];

/** Peer libraries doing what the auth-oidc entry does, the ID-token signature included. */
export const PEER_OIDC_ENTRIES: SizeEntry[] = [
  {
    name: 'openid-client OIDC',
    job: 'OIDC sign-in: discovery, nonce, code exchange, ID token verified',
    packages: ['openid-client'],
    source: `
import * as client from 'openid-client';
export async function main(issuer, clientId, secret, redirectUri, callbackUrl) {
  const config = await client.discovery(new URL(issuer), clientId, undefined, client.ClientSecretPost(secret));
  client.enableNonRepudiationChecks(config);
  const verifier = client.randomPKCECodeVerifier(), state = client.randomState(), nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid', state, nonce,
    code_challenge_method: 'S256', code_challenge: await client.calculatePKCECodeChallenge(verifier) });
  const tokens = await client.authorizationCodeGrant(config, new URL(callbackUrl),
    { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
  return [url, tokens.claims()];
}`,
  },
  {
    name: 'oauth4webapi OIDC',
    job: 'OIDC sign-in: discovery, nonce, code exchange, ID token verified',
    packages: ['oauth4webapi'],
    source: `
import * as oauth from 'oauth4webapi';
export async function main(issuer, clientId, secret, redirectUri, callbackUrl) {
  const as = await oauth.processDiscoveryResponse(new URL(issuer), await oauth.discoveryRequest(new URL(issuer)));
  const client = { client_id: clientId };
  const auth = oauth.ClientSecretPost(secret);
  const verifier = oauth.generateRandomCodeVerifier(), state = oauth.generateRandomState(), nonce = oauth.generateRandomNonce();
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid',
    state, nonce, code_challenge_method: 'S256', code_challenge: await oauth.calculatePKCECodeChallenge(verifier) }).toString();
  const params = oauth.validateAuthResponse(as, client, new URL(callbackUrl), state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, auth, params, redirectUri, verifier);
  // The signature check reads the ID token that processing recorded for this response: it comes second.
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce, requireIdToken: true });
  await oauth.validateApplicationLevelSignature(as, response);
  return [url, oauth.getValidatedIdTokenClaims(result)];
}`,
  },
];
