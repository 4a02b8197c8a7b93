import { SignJWT } from 'jose';
import type { EmulatorContext } from '../state/emulator-context.js';
import { guid } from '../state/ids.js';
import type { GrantRecord } from '../state/emulator-state.js';

/** The token endpoint's success body, in the server's field order. */
export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  scope: string;
  id_token?: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** Signs an ES256 access token with the real claims (docs/docspace-behaviour.md §5.5) and records it by `jti`. */
export async function signAccessToken(
  ctx: EmulatorContext,
  grant: GrantRecord,
  scopes: string[],
  ttlSeconds: number = ctx.options.accessTokenTtlSeconds,
): Promise<{ token: string; expiresAtMs: number }> {
  const now = ctx.clock.now();
  const iat = Math.floor(now / 1000);
  const expiresAtMs = now + ttlSeconds * 1000;
  const jti = guid();
  const claims = {
    sub: grant.userId,
    aud: [ctx.url],
    nbf: iat,
    scope: scopes,
    iss: `${ctx.url}/oauth2`,
    exp: Math.floor(expiresAtMs / 1000),
    iat,
    jti,
    tid: ctx.options.tenantId,
    cid: grant.clientId,
  };
  const key = ctx.keys.active();
  const token = await new SignJWT(claims)
    .setProtectedHeader({ kid: key.kid, alg: 'ES256' })
    .sign(key.privateKey);
  ctx.state.accessTokens.set(jti, {
    jti,
    grantId: grant.id,
    clientId: grant.clientId,
    userId: grant.userId,
    scopes,
    claims,
    expiresAt: expiresAtMs,
    revoked: false,
  });
  return { token, expiresAtMs };
}

/** Signs an ID token: `aud` = [portal], `azp` = client id, `exp` = iat + 30 min, `nonce` echoed. */
export async function signIdToken(ctx: EmulatorContext, grant: GrantRecord, nonce?: string): Promise<string> {
  const iat = Math.floor(ctx.clock.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: `${ctx.url}/oauth2`,
    sub: grant.userId,
    aud: [ctx.url],
    azp: grant.clientId,
    cid: grant.clientId,
    tid: ctx.options.tenantId,
    iat,
    exp: iat + ctx.options.idTokenTtlSeconds,
    jti: guid(),
  };
  if (nonce !== undefined) claims.nonce = nonce;
  const key = ctx.keys.active();
  return new SignJWT(claims).setProtectedHeader({ kid: key.kid, alg: 'ES256' }).sign(key.privateKey);
}

/** Builds the token response: refresh token unless `withRefresh` is false, ID token when `openid` was granted. */
export async function tokenResponse(
  ctx: EmulatorContext,
  grant: GrantRecord,
  scopes: string[],
  options: { withRefresh: boolean; nonce?: string },
): Promise<TokenResponse> {
  const access = await signAccessToken(ctx, grant, scopes);
  ctx.state.stats.accessTokensIssued++;
  const body = { access_token: access.token } as TokenResponse;
  if (options.withRefresh)
    body.refresh_token = ctx.state.newRefreshToken(
      grant,
      ctx.clock.now(),
      ctx.options.refreshTokenTtlSeconds,
    ).token;
  body.scope = scopes.join(' ');
  if (scopes.includes('openid')) body.id_token = await signIdToken(ctx, grant, options.nonce);
  body.token_type = 'Bearer';
  // Spring computes seconds between "now" (a moment later) and expiresAt: 3599 for a 3600 s token.
  body.expires_in = Math.max(0, Math.floor((access.expiresAtMs - ctx.clock.now() - 1) / 1000));
  return body;
}
