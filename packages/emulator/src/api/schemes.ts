import { decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import type { EmulatorContext } from '../state/emulator-context.js';
import { cookies, type Exchange, type SchemeName } from '../server/http.js';
import type { AccessTokenRecord, ApiKeyRecord, SessionRecord, UserRecord } from '../state/emulator-state.js';

/** Who made an API request, and with which rights. */
export interface Principal {
  user: UserRecord;
  scheme: SchemeName;
  /** `null` means full (global) rights; otherwise the granted scopes / key permissions. */
  scopes: string[] | null;
  apiKey?: ApiKeyRecord;
  session?: SessionRecord;
  accessToken?: AccessTokenRecord;
}

/** The scheme the selector picked and, when the credential was valid, the principal. */
export interface AuthOutcome {
  scheme: SchemeName;
  principal: Principal | null;
  /** A credential was presented but rejected. */
  rejected: boolean;
}

const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const JWE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** `JwtSecurityTokenHandler.CanReadToken`: a compact JWS or JWE. */
export function canReadJwt(token: string): boolean {
  return JWS.test(token) || JWE.test(token);
}

/**
 * The API's `ForwardDefaultSelector` (docs/docspace-behaviour.md §2): no header -> cookie; `Basic ` -> basic;
 * `Bearer <jwt>` -> jwt; `Bearer sk-` -> api key; anything else -> cookie scheme reading the header.
 * Both prefixes are case-sensitive.
 */
export function selectScheme(authorization: string | undefined): SchemeName {
  if (authorization === undefined) return 'cookie';
  if (authorization.startsWith('Basic ')) return 'basic';
  if (authorization.startsWith('Bearer ')) {
    const rest = authorization.slice(7);
    if (canReadJwt(rest)) return 'jwt';
    if (rest.startsWith('sk-')) return 'api-key';
  }
  return 'header';
}

/** Looks up a PAT session; the value may be raw or URL-encoded (spaces map back to `+`). */
export function findSession(ctx: EmulatorContext, raw: string): SessionRecord | undefined {
  let session = ctx.state.sessions.get(raw);
  if (!session) {
    let decoded = raw;
    try {
      decoded = decodeURIComponent(raw);
    } catch {}
    session = ctx.state.sessions.get(decoded.replace(/ /g, '+'));
  }
  return session;
}

/** Whether a PAT session is usable now: active, not expired, cookie index current, user enabled. */
export function sessionUser(ctx: EmulatorContext, session: SessionRecord | undefined): UserRecord | null {
  if (!session?.active) return null;
  if (session.expiresAt !== null && session.expiresAt <= ctx.clock.now()) return null;
  const user = ctx.state.userById(session.userId);
  if (!user || user.disabled || user.cookieIndex !== session.cookieIndex) return null;
  return user;
}

/** Authenticates an API request the way the DocSpace API does. */
export async function authenticate(ex: Exchange): Promise<AuthOutcome> {
  const ctx = ex.ctx;
  const header = ex.req.headers.authorization;
  const scheme = selectScheme(header);
  if (scheme === 'basic') return basic(ctx, header!.slice(6));
  if (scheme === 'api-key') return apiKey(ctx, header!.slice(7));
  if (scheme === 'jwt') return jwt(ctx, header!.slice(7));
  const cookie = cookies(ex.req).get('asc_auth_key');
  let token: string | undefined;
  let used: SchemeName = 'none';
  if (cookie) {
    token = cookie;
    used = 'cookie';
  } else if (header !== undefined) {
    token = header.includes('Bearer') ? header.slice(7) : header;
    used = 'header';
  }
  if (token === undefined) return { scheme: 'none', principal: null, rejected: false };
  const session = findSession(ctx, token);
  const user = sessionUser(ctx, session);
  if (!user) return { scheme: used, principal: null, rejected: true };
  return {
    scheme: used,
    principal: { user, scheme: used, scopes: null, session: session! },
    rejected: false,
  };
}

function basic(ctx: EmulatorContext, encoded: string): AuthOutcome {
  const decoded = Buffer.from(encoded.trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon > 0 ? ctx.state.userByEmail(decoded.slice(0, colon)) : undefined;
  // 2FA is not checked and the brute-force counter is not used on Basic (docs/docspace-behaviour.md §7).
  if (!user || user.disabled || user.password !== decoded.slice(colon + 1))
    return { scheme: 'basic', principal: null, rejected: true };
  return { scheme: 'basic', principal: { user, scheme: 'basic', scopes: null }, rejected: false };
}

function apiKey(ctx: EmulatorContext, secret: string): AuthOutcome {
  const key = ctx.state.apiKeyBySecret(secret);
  const now = ctx.clock.now();
  const user = key ? ctx.state.userById(key.createdBy) : undefined;
  if (!key?.isActive || (key.expiresAt !== null && key.expiresAt <= now) || !user || user.disabled)
    return { scheme: 'api-key', principal: null, rejected: true };
  key.lastUsed = now;
  const scopes = key.permissions.length === 0 ? null : key.permissions;
  return { scheme: 'api-key', principal: { user, scheme: 'api-key', scopes, apiKey: key }, rejected: false };
}

/** Validates a JWT access token: signature, iss, aud, exp (2 min skew), then introspection state. */
export async function verifyAccessToken(
  ctx: EmulatorContext,
  token: string,
  options: { strictExpiry?: boolean } = {},
): Promise<AccessTokenRecord | null> {
  try {
    const { kid } = decodeProtectedHeader(token);
    const key = ctx.keys.published(ctx.clock.now()).find((candidate) => candidate.kid === kid);
    if (!key) return null;
    const { payload } = await jwtVerify(token, key.publicKey, {
      issuer: `${ctx.url}/oauth2`,
      audience: ctx.url,
      clockTolerance: 120,
      currentDate: new Date(ctx.clock.now()),
      algorithms: ['ES256', 'RS256'],
    });
    const record = typeof payload.jti === 'string' ? ctx.state.accessTokens.get(payload.jti) : undefined;
    if (!record || !isAccessTokenActive(ctx, record, options.strictExpiry ?? false)) return null;
    return record;
  } catch (error) {
    if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return null;
    throw error;
  }
}

/**
 * Introspection state of an access token: not revoked, grant alive, client enabled and visible; with
 * `strictExpiry` (the `/oauth2/introspect` endpoint) also not past `exp`. The API itself applies `exp`
 * with its 2 min skew in the JWT check.
 */
export function isAccessTokenActive(
  ctx: EmulatorContext,
  record: AccessTokenRecord,
  strictExpiry: boolean,
): boolean {
  if (record.revoked || ctx.state.grants.get(record.grantId)?.revoked) return false;
  const client = ctx.state.client(record.clientId);
  return (
    !!client && client.enabled && client.visible && (!strictExpiry || record.expiresAt > ctx.clock.now())
  );
}

async function jwt(ctx: EmulatorContext, token: string): Promise<AuthOutcome> {
  const record = await verifyAccessToken(ctx, token);
  const user = record ? ctx.state.userById(record.userId) : undefined;
  if (!record || !user || user.disabled) return { scheme: 'jwt', principal: null, rejected: true };
  return {
    scheme: 'jwt',
    principal: { user, scheme: 'jwt', scopes: record.scopes, accessToken: record },
    rejected: false,
  };
}
