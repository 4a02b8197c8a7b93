import { createHash } from 'node:crypto';
import { consentPage } from '../server/html.js';
import { cookies, type Exchange, parseBody, redirect, sendHtml } from '../server/http.js';
import { guid, randomBase64Url } from '../state/ids.js';
import { findSession, sessionUser } from '../api/schemes.js';
import type { ClientRecord, UserRecord } from '../state/emulator-state.js';
import { uriEncode } from './errors.js';
import { resolveRedirectUri } from './redirect-uri.js';

const AUTHORIZE_ERROR_URI = 'https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1';
const PKCE_ERROR_URI = 'https://datatracker.ietf.org/doc/html/rfc7636#section-4.4.1';

/** A validated authorize request. */
interface AuthorizeRequest {
  client: ClientRecord;
  redirectUri: string;
  redirectUriSent: boolean;
  scopes: string[];
  state: string | null;
  codeChallenge?: string;
  nonce?: string;
}

type Validation =
  | { kind: 'ok'; request: AuthorizeRequest }
  | { kind: 'portal-error'; error: string }
  | { kind: 'client-error'; redirectUri: string; state: string | null; error: string; errorUri: string };

/** Sends a 302, or 200 + `X-Redirect-URI` when the caller sent `X-Disable-Redirect` (as the web UI does). */
function finish(ex: Exchange, location: string): undefined {
  if (ex.req.headers['x-disable-redirect'] !== undefined) {
    ex.res.setHeader('X-Redirect-URI', location);
    ex.res.statusCode = 200;
    ex.res.setHeader('Content-Length', '0');
    ex.res.end();
    return;
  }
  redirect(ex, location, { 'X-Redirect-URI': location });
}

/** `{portal}/login?type=oauth2&client_id=…&error=…` for client, signature and unknown errors. */
function portalError(ex: Exchange, clientId: string | null, error: string): undefined {
  finish(ex, `${ex.ctx.url}/login?type=oauth2&client_id=${uriEncode(clientId || 'unknown')}&error=${error}`);
}

function validate(ex: Exchange, query: URLSearchParams): Validation {
  const clientId = query.get('client_id');
  if (!clientId) return { kind: 'portal-error', error: 'missing_client_id_error' };
  const client = ex.ctx.state.client(clientId);
  if (!client) return { kind: 'portal-error', error: 'client_not_found_error' };
  if (!client.enabled) return { kind: 'portal-error', error: 'client_disabled_error' };
  if (!client.visible) return { kind: 'portal-error', error: 'client_permission_denied_error' };
  const scopeParam = query.get('scope');
  // Omitted scope means every registered scope (FallbackScopeAuthorizationCodeRequestConverter).
  const scopes = scopeParam === null ? [...client.scopes] : scopeParam.split(' ').filter(Boolean);
  const redirectUri = resolveRedirectUri(client, query.get('redirect_uri'), scopes);
  if (!redirectUri) return { kind: 'portal-error', error: 'invalid_request' };
  const state = query.get('state');
  const clientError = (error: string, errorUri = AUTHORIZE_ERROR_URI): Validation => ({
    kind: 'client-error',
    redirectUri,
    state,
    error,
    errorUri,
  });
  if (query.get('response_type') !== 'code') return clientError('unsupported_response_type');
  if (scopes.length === 0 || scopes.some((scope) => !client.scopes.includes(scope)))
    return clientError('invalid_scope');
  const challenge = query.get('code_challenge');
  if (challenge && query.get('code_challenge_method') !== 'S256')
    return clientError('invalid_request', PKCE_ERROR_URI);
  const request: AuthorizeRequest = {
    client,
    redirectUri,
    redirectUriSent: query.has('redirect_uri'),
    scopes,
    state,
  };
  if (challenge) request.codeChallenge = challenge;
  const nonce = query.get('nonce');
  if (nonce !== null) request.nonce = nonce;
  return { kind: 'ok', request };
}

/** The error redirect: `redirect_uri?error=…&error_uri=…&state=…`, never an `error_description`. */
function clientErrorRedirect(
  ex: Exchange,
  redirectUri: string,
  error: string,
  errorUri: string,
  state: string | null,
): undefined {
  let location = `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}error=${error}&error_uri=${uriEncode(errorUri)}`;
  if (state) location += `&state=${uriEncode(state)}`;
  finish(ex, location);
}

function sessionFromCookie(ex: Exchange): UserRecord | null {
  const cookie = cookies(ex.req).get('asc_auth_key');
  return cookie ? sessionUser(ex.ctx, findSession(ex.ctx, cookie)) : null;
}

function consentCovers(ex: Exchange, user: UserRecord, request: AuthorizeRequest): boolean {
  if (request.scopes.length === 1 && request.scopes[0] === 'openid') return true;
  const granted = ex.ctx.state.grantedConsents.get(
    ex.ctx.state.grantedConsentKey(user.id, request.client.clientId),
  );
  return !!granted && request.scopes.every((scope) => granted.has(scope));
}

/** Issues a code and redirects with `redirect_uri + "?code=" + code + "&state=" + state` (state not encoded). */
function issueCode(ex: Exchange, user: UserRecord, request: AuthorizeRequest): undefined {
  const code = randomBase64Url(96);
  ex.ctx.state.codes.set(code, {
    code,
    clientId: request.client.clientId,
    userId: user.id,
    redirectUri: request.redirectUri,
    redirectUriSent: request.redirectUriSent,
    scopes: request.scopes,
    ...(request.codeChallenge ? { codeChallenge: request.codeChallenge } : {}),
    ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
    expiresAt: ex.ctx.clock.now() + ex.ctx.options.authorizationCodeTtlSeconds * 1000,
    used: false,
  });
  let location = `${request.redirectUri}?code=${code}`;
  if (request.state !== null && request.state.trim() !== '') location += `&state=${request.state}`;
  finish(ex, location);
}

/** `GET /oauth2/authorize`: validate, send to the login page, show consent, or redirect with a code. */
export function authorize(ex: Exchange): undefined {
  const query = ex.url.searchParams;
  const result = validate(ex, query);
  if (result.kind === 'portal-error') return portalError(ex, query.get('client_id'), result.error);
  if (result.kind === 'client-error')
    return clientErrorRedirect(ex, result.redirectUri, result.error, result.errorUri, result.state);
  const user = sessionFromCookie(ex);
  if (!user) {
    const returnTo = ex.url.pathname + ex.url.search;
    return redirect(
      ex,
      `${ex.ctx.url}/login?type=oauth2&client_id=${uriEncode(result.request.client.clientId)}&return_to=${uriEncode(returnTo)}`,
    );
  }
  if (consentCovers(ex, user, result.request)) return issueCode(ex, user, result.request);
  const consentId = guid();
  ex.ctx.state.pendingConsents.set(consentId, {
    userId: user.id,
    query: query.toString(),
    expiresAt: ex.ctx.clock.now() + 10 * 60_000,
  });
  sendHtml(
    ex,
    200,
    consentPage({
      consentId,
      clientName: result.request.client.name,
      clientId: result.request.client.clientId,
      scopes: result.request.scopes,
      email: user.email,
    }),
  );
}

/** `POST /oauth2/authorize` from the consent form: `consent_id` + `action=allow|deny`. */
export function consent(ex: Exchange): undefined {
  const body = parseBody(ex);
  const pending = ex.ctx.state.pendingConsents.get(String(body.consent_id ?? ''));
  const user = sessionFromCookie(ex);
  if (!pending || !user || pending.userId !== user.id || pending.expiresAt <= ex.ctx.clock.now())
    return portalError(ex, null, 'something_went_wrong_error');
  ex.ctx.state.pendingConsents.delete(String(body.consent_id));
  const query = new URLSearchParams(pending.query);
  const result = validate(ex, query);
  if (result.kind === 'portal-error') return portalError(ex, query.get('client_id'), result.error);
  if (result.kind === 'client-error')
    return clientErrorRedirect(ex, result.redirectUri, result.error, result.errorUri, result.state);
  const { request } = result;
  if (body.action !== 'allow')
    return clientErrorRedirect(ex, request.redirectUri, 'access_denied', AUTHORIZE_ERROR_URI, request.state);
  grantConsent(ex.ctx.state, user.id, request.client.clientId, request.scopes);
  issueCode(ex, user, request);
}

/** Records (adds to) a user's consent for a client. */
export function grantConsent(
  state: Exchange['ctx']['state'],
  userId: string,
  clientId: string,
  scopes: string[],
): undefined {
  const key = state.grantedConsentKey(userId, clientId);
  const granted = state.grantedConsents.get(key) ?? new Set<string>();
  for (const scope of scopes) granted.add(scope);
  state.grantedConsents.set(key, granted);
}

/** BASE64URL(SHA-256(verifier)), the S256 PKCE transform. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
