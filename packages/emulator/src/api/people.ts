import { cookies, type Exchange, sendEnvelope } from '../http.js';
import type { Principal } from '../schemes.js';
import { findSession } from '../schemes.js';
import { employeeFullDto } from './employee.js';

const DAY_MS = 86_400_000;

/**
 * `GET /api/2.0/people/@self` (`products/ASC.People/Server/Api/UserController.cs` `GetSelfProfile`): the
 * login event id and expiry come from the `asc_auth_key` cookie only (`CookieStorage.GetLoginEventIdFromCookie`:
 * 0 and `DateTime.MaxValue` without one), so `loginEventId` is always there (0 without a cookie) and
 * `authCookieLifetime` (seconds left) only when that is under a day. The `|| Enabled` branch reads the
 * user-level `TenantCookieSettings`, whose `Enabled` nothing sets.
 */
export function getSelf(ex: Exchange, principal: Principal | null): undefined {
  const user = principal!.user;
  const cookie = cookies(ex.req).get('asc_auth_key');
  const session = cookie ? findSession(ex.ctx, cookie) : undefined;
  const self: { loginEventId: number; authCookieLifetime?: number } = {
    loginEventId: session?.loginEventId ?? 0,
  };
  const lifetimeMs =
    session && session.expiresAt !== null ? session.expiresAt - ex.ctx.clock.now() : Number.POSITIVE_INFINITY;
  if (lifetimeMs < DAY_MS) self.authCookieLifetime = lifetimeMs / 1000;
  sendEnvelope(ex, employeeFullDto(ex.ctx, user, self));
}

/** `GET /api/2.0/people`: every user (needs `accounts:read` for scoped credentials). */
export function listPeople(ex: Exchange): undefined {
  const users = ex.ctx.store.users.map((user) => employeeFullDto(ex.ctx, user));
  sendEnvelope(ex, users, { total: users.length });
}

/** `GET /api/2.0/group`: no groups in the emulator. */
export function listGroups(ex: Exchange): undefined {
  sendEnvelope(ex, [], { total: 0 });
}
