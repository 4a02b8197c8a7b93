import type { Exchange } from '../server/http.js';
import { sendJson } from '../server/http.js';
import { requestSignature } from './signature.js';
import type { ClientRecord } from '../state/emulator-state.js';
import { s256 } from './authorize.js';
import { sendOAuthError } from './errors.js';
import { signAccessToken, tokenResponse } from './issue.js';

/** How the client authenticated at the token endpoint. */
export type ClientAuth = { client: ClientRecord; method: 'client_secret_post' | 'none' };

/**
 * `client_secret_post` only: a Basic header is `client_secret_basic` and fails with 401 invalid_client;
 * `none` (client id + code_verifier, no secret) only for `allow_pkce` clients on the code grant.
 */
export function authenticateClient(ex: Exchange, form: URLSearchParams): ClientAuth | null {
  if (String(ex.req.headers.authorization ?? '').startsWith('Basic ')) return null;
  const clientId = form.get('client_id');
  const client = clientId ? ex.ctx.state.client(clientId) : undefined;
  if (!client?.enabled) return null;
  const secret = form.get('client_secret');
  if (secret !== null)
    return secret === client.clientSecret ? { client, method: 'client_secret_post' } : null;
  if (client.allowPkce && form.get('grant_type') === 'authorization_code' && form.get('code_verifier'))
    return { client, method: 'none' };
  return null;
}

/** Reads a form body; anything else is an empty form. */
export function formBody(ex: Exchange): URLSearchParams {
  const type = String(ex.req.headers['content-type'] ?? '');
  return type.includes('application/x-www-form-urlencoded')
    ? new URLSearchParams(ex.body.toString('utf8'))
    : new URLSearchParams();
}

/**
 * `POST /oauth2/token`: authorization_code, refresh_token (rotating) and personal_access_token. Spring's
 * own converters take `client_credentials` (the client lacks that grant: unauthorized_client); anything
 * else reaches DocSpace's `PersonalAccessTokenAuthenticationConverter`, which answers invalid_request
 * "OAuth 2.0 Parameter: grant_type".
 */
export async function token(ex: Exchange): Promise<void> {
  const form = formBody(ex);
  const auth = authenticateClient(ex, form);
  if (!auth) return sendOAuthError(ex, 'invalid_client', 'Client authentication failed');
  const grantType = form.get('grant_type');
  if (grantType === 'authorization_code') return codeGrant(ex, form, auth);
  if (grantType === 'refresh_token') return refreshGrant(ex, form, auth);
  if (grantType === 'personal_access_token') return personalAccessTokenGrant(ex, form, auth);
  if (grantType === 'client_credentials')
    return sendOAuthError(ex, 'unauthorized_client', 'OAuth 2.0 Parameter: grant_type');
  sendOAuthError(ex, 'invalid_request', 'OAuth 2.0 Parameter: grant_type');
}

async function codeGrant(ex: Exchange, form: URLSearchParams, auth: ClientAuth): Promise<void> {
  const state = ex.ctx.state;
  const record = state.codes.get(form.get('code') ?? '');
  if (!record || record.clientId !== auth.client.clientId)
    return sendOAuthError(ex, 'invalid_grant', 'OAuth 2.0 Parameter: code');
  if (record.used) {
    // A replayed code invalidates what it produced (upstream behaviour).
    if (record.grantId) state.revokeGrant(record.grantId);
    return sendOAuthError(ex, 'invalid_grant', 'OAuth 2.0 Parameter: code');
  }
  if (record.expiresAt <= ex.ctx.clock.now())
    return sendOAuthError(ex, 'invalid_grant', 'OAuth 2.0 Parameter: code');
  if (record.redirectUriSent && form.get('redirect_uri') !== record.redirectUri)
    return sendOAuthError(ex, 'invalid_grant', 'OAuth 2.0 Parameter: redirect_uri');
  const verifier = form.get('code_verifier');
  if (record.codeChallenge) {
    if (!verifier || s256(verifier) !== record.codeChallenge)
      return sendOAuthError(ex, 'invalid_grant', 'OAuth 2.0 Parameter: code_verifier');
  } else if (auth.method === 'none') {
    return sendOAuthError(ex, 'invalid_grant', 'OAuth 2.0 Parameter: code_verifier');
  }
  record.used = true;
  const user = state.userById(record.userId);
  if (!user || user.disabled) return sendOAuthError(ex, 'invalid_grant', 'OAuth 2.0 Parameter: code');
  const grant = state.newGrant(record.clientId, record.userId, record.scopes, ex.ctx.clock.now());
  record.grantId = grant.id;
  // Public (auth method none) clients get no refresh token.
  const body = await tokenResponse(ex.ctx, grant, record.scopes, {
    withRefresh: auth.method !== 'none',
    ...(record.nonce !== undefined ? { nonce: record.nonce } : {}),
  });
  sendJson(ex, 200, body, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}

async function refreshGrant(ex: Exchange, form: URLSearchParams, auth: ClientAuth): Promise<void> {
  const state = ex.ctx.state;
  const record = state.refreshTokens.get(form.get('refresh_token') ?? '');
  if (!record || record.clientId !== auth.client.clientId)
    return sendOAuthError(ex, 'invalid_grant', 'OAuth 2.0 Parameter: refresh_token');
  if (record.status === 'rotated') {
    // One refresh token is stored per authorization (ClientMapper.java reuseRefreshTokens=false,
    // AuthorizationService.java findByToken): an old one is simply not found. Nothing is revoked.
    ex.ctx.state.stats.refreshReuseDetected++;
    return sendOAuthError(ex, 'invalid_grant', 'OAuth 2.0 Parameter: refresh_token');
  }
  const grant = state.grants.get(record.grantId);
  const user = grant ? state.userById(grant.userId) : undefined;
  if (
    record.status !== 'active' ||
    record.expiresAt <= ex.ctx.clock.now() ||
    !grant ||
    grant.revoked ||
    !user ||
    user.disabled
  )
    return sendOAuthError(ex, 'invalid_grant', 'OAuth 2.0 Parameter: refresh_token');
  const scopeParam = form.get('scope');
  const scopes = scopeParam === null ? grant.scopes : scopeParam.split(' ').filter(Boolean);
  if (scopes.some((scope) => !grant.scopes.includes(scope)))
    return sendOAuthError(ex, 'invalid_scope', 'OAuth 2.0 Parameter: scope');
  // reuseRefreshTokens=false: every refresh rotates; the authorization keeps only the new pair, so the
  // previous access token is no longer found at introspection either.
  record.status = 'rotated';
  for (const access of state.accessTokens.values()) if (access.grantId === grant.id) access.revoked = true;
  grant.modifiedAt = ex.ctx.clock.now();
  const body = await tokenResponse(ex.ctx, grant, scopes, { withRefresh: true });
  sendJson(ex, 200, body, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}

/**
 * `grant_type=personal_access_token` (developer tokens; `PersonalAccessTokenAuthenticationConverter` and
 * `PersonalAccessTokenAuthenticationProvider`): exactly one non-blank `scope`, an `x-signature` cookie or
 * header from a DocSpace session, no guests, scopes within the client's; an access token only (no refresh
 * or ID token). The authorization is one per client and user, so a new developer token replaces the last.
 */
async function personalAccessTokenGrant(
  ex: Exchange,
  form: URLSearchParams,
  auth: ClientAuth,
): Promise<void> {
  const scopes = form.getAll('scope');
  if (scopes.length !== 1 || scopes[0]!.trim() === '')
    return sendOAuthError(ex, 'invalid_request', 'OAuth 2.0 Parameter: scope');
  const signature = await requestSignature(ex);
  if (!signature.present) return sendOAuthError(ex, 'unauthorized_client', 'OAuth 2.0 Parameter: token');
  const user = signature.claims ? ex.ctx.state.userById(signature.claims.userId) : undefined;
  if (!signature.claims || !user)
    return sendOAuthError(ex, 'server_error', 'OAuth 2.0 Parameter: internal_parameter');
  if (signature.claims.isGuest)
    return sendOAuthError(
      ex,
      'access_denied',
      'Guests are not allowed to generate personal access tokens',
      null,
    );
  const requested = [...new Set(scopes[0]!.split(' ').filter(Boolean))];
  if (requested.some((scope) => !auth.client.scopes.includes(scope)))
    return sendOAuthError(ex, 'invalid_scope', null, null);
  const state = ex.ctx.state;
  const now = ex.ctx.clock.now();
  for (const grant of state.grants.values())
    if (
      grant.grantType === 'personal_access_token' &&
      grant.clientId === auth.client.clientId &&
      grant.userId === user.id
    )
      state.revokeGrant(grant.id);
  const grant = state.newGrant(auth.client.clientId, user.id, requested, now, 'personal_access_token');
  const access = await signAccessToken(ex.ctx, grant, requested);
  ex.ctx.state.stats.accessTokensIssued++;
  sendJson(
    ex,
    200,
    {
      access_token: access.token,
      scope: requested.join(' '),
      token_type: 'Bearer',
      expires_in: Math.max(0, Math.floor((access.expiresAtMs - ex.ctx.clock.now() - 1) / 1000)),
    },
    { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  );
}
