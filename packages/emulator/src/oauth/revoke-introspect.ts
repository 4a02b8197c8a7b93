import { decodeJwt } from 'jose';
import { type Exchange, sendEmpty, sendJson } from '../server/http.js';
import { canReadJwt, verifyAccessToken } from '../api/schemes.js';
import { sendOAuthError } from './errors.js';
import { authenticateClient, formBody } from './token.js';

/** `POST /oauth2/revoke` with `token`, `client_id`, `client_secret`: 200 with an empty body. */
export function revoke(ex: Exchange): undefined {
  const form = formBody(ex);
  const auth = authenticateClient(ex, form);
  if (auth?.method !== 'client_secret_post')
    return sendOAuthError(ex, 'invalid_client', 'Client authentication failed');
  const value = form.get('token');
  if (!value) return sendOAuthError(ex, 'invalid_request', 'OAuth 2.0 Parameter: token');
  const state = ex.ctx.state;
  const refresh = state.refreshTokens.get(value);
  if (refresh && refresh.clientId === auth.client.clientId) {
    // Revoking the refresh token invalidates the authorization, access token included.
    state.revokeGrant(refresh.grantId);
  } else if (canReadJwt(value)) {
    try {
      const jti = decodeJwt(value).jti;
      const access = typeof jti === 'string' ? state.accessTokens.get(jti) : undefined;
      if (access && access.clientId === auth.client.clientId) access.revoked = true;
    } catch {}
  }
  sendEmpty(ex, 200);
}

/** `POST /oauth2/introspect` with `token` only (no client authentication; docs/docspace-behaviour.md §5.7). */
export async function introspect(ex: Exchange): Promise<void> {
  const value = formBody(ex).get('token');
  if (!value) return sendOAuthError(ex, 'invalid_request', 'OAuth 2.0 Parameter: token');
  const ctx = ex.ctx;
  if (canReadJwt(value)) {
    const record = await verifyAccessToken(ctx, value, { strictExpiry: true });
    if (record) {
      const claims = record.claims as Record<string, unknown> & { scope: string[] };
      return sendJson(ex, 200, {
        active: true,
        sub: claims.sub,
        aud: claims.aud,
        scope: claims.scope.join(' '),
        iss: claims.iss,
        exp: claims.exp,
        iat: claims.iat,
        nbf: claims.nbf,
        jti: claims.jti,
        tid: claims.tid,
        cid: claims.cid,
        client_id: record.clientId,
        token_type: 'Bearer',
      });
    }
  }
  const refresh = ctx.state.refreshTokens.get(value);
  const grant = refresh ? ctx.state.grants.get(refresh.grantId) : undefined;
  const client = refresh ? ctx.state.client(refresh.clientId) : undefined;
  if (
    refresh &&
    grant &&
    client &&
    refresh.status === 'active' &&
    !grant.revoked &&
    client.enabled &&
    client.visible &&
    refresh.expiresAt > ctx.clock.now()
  ) {
    return sendJson(ex, 200, {
      active: true,
      client_id: refresh.clientId,
      scope: grant.scopes.join(' '),
      iat: Math.floor(refresh.issuedAt / 1000),
      exp: Math.floor(refresh.expiresAt / 1000),
    });
  }
  sendJson(ex, 200, { active: false });
}
