import { cookies, type Exchange, sendEnvelope } from '../http.js';
import type { Principal } from '../schemes.js';
import { findSession, sessionUser } from '../schemes.js';
import { employeeFullDto } from './employee.js';

/** `GET /api/2.0/people/@self`; `loginEventId` comes from the `asc_auth_key` cookie only. */
export function getSelf(ex: Exchange, principal: Principal | null): undefined {
  const user = principal!.user;
  const cookie = cookies(ex.req).get('asc_auth_key');
  const session = cookie ? findSession(ex.ctx, cookie) : undefined;
  const fromCookie = session && sessionUser(ex.ctx, session)?.id === user.id ? session : undefined;
  sendEnvelope(ex, employeeFullDto(ex.ctx, user, fromCookie));
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
