import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { EmulatorContext } from '../state/emulator-context.js';
import type { Exchange } from '../server/http.js';
import { signatureValue } from '../server/rate-limit.js';
import type { UserRecord } from '../state/emulator-state.js';

/** What the identity services read from a valid `x-signature` (`BasicSignature`, snake_case claims). */
export interface SignatureClaims {
  userId: string;
  userName: string;
  userEmail: string;
  tenantId: number;
  tenantUrl: string;
  isAdmin: boolean;
  isGuest: boolean;
  isPublic: boolean;
}

/** The registration service's role for a signature (`SignatureAuthenticationProvider`). */
export type SignatureRole = 'admin' | 'user' | 'guest';

const LIFETIME_SECONDS = 5 * 60;
// Nimbus' JwtTimestampValidator default.
const CLOCK_SKEW_SECONDS = 60;

/**
 * Signs the HS256 `x-signature` that `GET /api/2.0/security/oauth2/token` returns
 * (`common/ASC.Core.Common/Identity/IdentityClient.cs` `GenerateJwtTokenAsync`): string claims
 * `sub`, `user_id`, `user_name`, `user_email`, `tenant_id`, `tenant_url`, `is_admin`, `is_guest`, `is_public`,
 * `iss` = `aud` = the portal, `exp` = now + 5 minutes.
 */
export async function signSignature(ctx: EmulatorContext, user: UserRecord): Promise<string> {
  const exp = Math.floor(ctx.clock.now() / 1000) + LIFETIME_SECONDS;
  return new SignJWT({
    sub: user.id,
    user_id: user.id,
    user_name: `${user.firstName} ${user.lastName}`.trim(),
    user_email: user.email,
    tenant_id: String(ctx.options.tenantId),
    tenant_url: ctx.url,
    is_admin: String(user.role === 'owner' || user.role === 'admin'),
    is_guest: String(user.role === 'guest'),
    is_public: 'true',
    exp,
    iss: ctx.url,
    aud: ctx.url,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(ctx.signatureKey);
}

/**
 * Validates an `x-signature` as the identity services do (`SignatureService`, then the providers' claim
 * checks): HS256 with the shared machine key, `exp` with 60 s skew, and user id, name, e-mail, a tenant id
 * of at least 1 and the tenant URL present. Returns null when any check fails.
 */
export async function verifySignature(ctx: EmulatorContext, token: string): Promise<SignatureClaims | null> {
  try {
    const { payload } = await jwtVerify(token, ctx.signatureKey, {
      algorithms: ['HS256'],
      clockTolerance: CLOCK_SKEW_SECONDS,
      currentDate: new Date(ctx.clock.now()),
    });
    const text = (name: string) => (typeof payload[name] === 'string' ? (payload[name] as string) : '');
    const flag = (name: string) => payload[name] === true || payload[name] === 'true';
    const claims: SignatureClaims = {
      userId: text('user_id'),
      userName: text('user_name'),
      userEmail: text('user_email'),
      tenantId: Number(payload.tenant_id),
      tenantUrl: text('tenant_url'),
      isAdmin: flag('is_admin'),
      isGuest: flag('is_guest'),
      isPublic: flag('is_public'),
    };
    if (!claims.userId || !claims.userName || !claims.userEmail || !claims.tenantUrl) return null;
    if (!Number.isInteger(claims.tenantId) || claims.tenantId < 1) return null;
    return claims;
  } catch (error) {
    if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return null;
    throw error;
  }
}

/** The `x-signature` of a request (cookie first, then header) and its claims when valid. */
export async function requestSignature(
  ex: Exchange,
): Promise<{ present: boolean; claims: SignatureClaims | null }> {
  const token = signatureValue(ex.req);
  if (!token || token.trim() === '') return { present: false, claims: null };
  return { present: true, claims: await verifySignature(ex.ctx, token) };
}

/** Admin when `is_admin`, guest when `is_guest`, user when `is_public`, else guest. */
export function signatureRole(claims: SignatureClaims): SignatureRole {
  if (claims.isAdmin) return 'admin';
  if (claims.isGuest) return 'guest';
  return claims.isPublic ? 'user' : 'guest';
}
