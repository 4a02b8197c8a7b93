import { infoPage } from '../server/html.js';
import { type Exchange, redirect, sendEmpty, sendHtml, sendJson } from '../server/http.js';
import { verifyAccessToken } from '../api/schemes.js';
import { ALL_SCOPES } from '../state/seed.js';

/** What upstream lists for DPoP proofs (`OidcProviderConfigurationEndpointFilter.dPoPSigningAlgorithms`). */
const DPOP_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

/**
 * Discovery metadata (docs/docspace-behaviour.md §6.1), including the real mistake: `id_token_signing_alg_values_supported`
 * says RS256 while tokens are ES256. The `issuer` is the request origin, as Spring derives it without
 * multiple issuers: nginx sends `/oauth2/.well-known/*` here as `/.well-known/*`, so it is `{portal}` at
 * every discovery path although tokens say `iss = {portal}/oauth2`. Upstream's filter also lists
 * `tls_client_certificate_bound_access_tokens` and `dpop_signing_alg_values_supported`, which DocSpace's
 * customizer (`AuthorizationServerConfiguration.java`) leaves in.
 */
export function discovery(ex: Exchange): undefined {
  const host = ex.req.headers.host ?? new URL(ex.ctx.url).host;
  const issuer = `http://${host}`;
  sendJson(ex, 200, {
    issuer,
    authorization_endpoint: `${issuer}/oauth2/authorize`,
    token_endpoint: `${issuer}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post'],
    jwks_uri: `${issuer}/oauth2/jwks`,
    userinfo_endpoint: `${issuer}/oauth2/userinfo`,
    end_session_endpoint: `${issuer}/connect/logout`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'personal_access_token'],
    revocation_endpoint: `${issuer}/oauth2/revoke`,
    revocation_endpoint_auth_methods_supported: ['client_secret_post'],
    introspection_endpoint: `${issuer}/oauth2/introspect`,
    introspection_endpoint_auth_methods_supported: ['client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    tls_client_certificate_bound_access_tokens: true,
    dpop_signing_alg_values_supported: [...DPOP_ALGORITHMS],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: [...ALL_SCOPES],
  });
}

/** `GET /oauth2/jwks`: the active key and retired keys still within their grace period. */
export function jwks(ex: Exchange): undefined {
  const keys = ex.ctx.keys.published(ex.ctx.clock.now()).map((key) => key.publicJwk);
  sendJson(ex, 200, { keys });
}

/** `GET|POST /oauth2/userinfo`: the access token's claims; needs the `openid` scope. */
export async function userinfo(ex: Exchange): Promise<void> {
  const header = String(ex.req.headers.authorization ?? '');
  const record = header.startsWith('Bearer ')
    ? await verifyAccessToken(ex.ctx, header.slice(7), { strictExpiry: true })
    : null;
  if (!record) return sendEmpty(ex, 401, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
  if (!record.scopes.includes('openid'))
    return sendJson(
      ex,
      403,
      {
        error: 'insufficient_scope',
        error_description: 'The request requires higher privileges than provided by the access token.',
        error_uri: 'https://datatracker.ietf.org/doc/html/rfc6750#section-3.1',
      },
      { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' },
    );
  sendJson(ex, 200, record.claims);
}

/** `/connect/logout`: redirects to `post_logout_redirect_uri` when given (no server session to end). */
export function endSession(ex: Exchange): undefined {
  const target = ex.url.searchParams.get('post_logout_redirect_uri');
  if (target && URL.canParse(target)) {
    const state = ex.url.searchParams.get('state');
    return redirect(
      ex,
      state ? `${target}${target.includes('?') ? '&' : '?'}state=${encodeURIComponent(state)}` : target,
    );
  }
  sendHtml(ex, 200, infoPage('Signed out', 'You have been signed out.'));
}
