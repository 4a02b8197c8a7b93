import { formatApiDateTime } from '../server/dates.js';
import { cookies, EXCEPTIONS, type Exchange, sendEnvelope, sendError } from '../server/http.js';
import { randomBase64Url } from '../state/ids.js';
import { startSession } from './login-rules.js';
import type { Principal } from '../api/schemes.js';
import { findSession } from '../api/schemes.js';
import type { SessionRecord, UserRecord } from '../state/emulator-state.js';

// Active connections: web/ASC.Web.Api/Api/ConnectionsController.cs, the login events of
// common/ASC.Core.Common/Data/DbLoginEventsManager.cs (EF/Queries/LoginEventsQueries.cs: active, within a
// year, newest first) and web/ASC.Web.Core/CookiesManager.cs ResetUserCookieAsync.

const YEAR_MS = 365 * 86_400_000;
const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

function isAdmin(user: UserRecord): boolean {
  return user.role === 'owner' || user.role === 'admin';
}

function displayName(user: UserRecord): string {
  return `${user.firstName} ${user.lastName}`.trim();
}

/** The login event id in the request's `asc_auth_key` cookie (0 without one). */
function cookieLoginEvent(ex: Exchange): number {
  const cookie = cookies(ex.req).get('asc_auth_key');
  return (cookie ? findSession(ex.ctx, cookie)?.loginEventId : undefined) ?? 0;
}

/** Roughly what `MessageSettings.GetBrowser`/`GetPlatformAndDevice` make of a User-Agent. */
function browserOf(userAgent: string): string {
  const match =
    /(Edg|OPR|Firefox|Chrome|Version)\/(\d+)/.exec(userAgent) ??
    /^([A-Za-z][\w.-]*)(?:\/(\d+))?/.exec(userAgent);
  if (!match) return '';
  const name = { Edg: 'Edge', OPR: 'Opera', Version: 'Safari' }[match[1]!] ?? match[1]!;
  return match[2] ? `${name} ${match[2]}` : name;
}

function platformOf(userAgent: string): string {
  if (/Windows/.test(userAgent)) return 'Windows';
  if (/Android/.test(userAgent)) return 'Android';
  if (/iPhone|iPad/.test(userAgent)) return 'iOS';
  if (/Mac OS X/.test(userAgent)) return 'Mac OS';
  if (/Linux/.test(userAgent)) return 'Linux';
  return '';
}

/** The user's live login events, newest first. */
export function activeSessions(ex: Exchange, user: UserRecord): SessionRecord[] {
  const now = ex.ctx.clock.now();
  return [...ex.ctx.state.sessions.values()]
    .filter(
      (session) =>
        session.userId === user.id &&
        session.active &&
        session.cookieIndex === user.cookieIndex &&
        session.createdAt >= now - YEAR_MS,
    )
    .sort((a, b) => b.loginEventId - a.loginEventId);
}

/** A login event as the list shows it (`BaseEvent`). */
interface LoginEvent {
  id: number;
  tenantId: number;
  userId: string;
  ip: string;
  userAgent: string;
  date: number;
  page?: string;
}

function item(ex: Exchange, event: LoginEvent): Record<string, unknown> {
  return {
    id: event.id,
    tenantId: event.tenantId,
    userId: event.userId,
    mobile: /Mobile|Android|iPhone/.test(event.userAgent),
    ip: event.ip,
    browser: browserOf(event.userAgent),
    platform: platformOf(event.userAgent),
    date: formatApiDateTime(event.date, ex.ctx.options.timeZoneOffsetMinutes),
    page: event.page ?? null,
  };
}

/**
 * `GET /api/2.0/security/activeconnections`: `{ loginEvent, items }`. `loginEvent` is the cookie's login
 * event (0 without one); that event comes first and shows this request's address and browser; without a
 * cookie and with no event, the current request is the only item.
 */
export function listConnections(ex: Exchange, principal: Principal | null): undefined {
  const user = principal!.user;
  const current = cookieLoginEvent(ex);
  const here = { ip: ex.ip, userAgent: String(ex.req.headers['user-agent'] ?? '') };
  const tenantId = ex.ctx.options.tenantId;
  const events: LoginEvent[] = activeSessions(ex, user).map((session) => ({
    id: session.loginEventId,
    tenantId,
    userId: session.userId,
    ip: session.ip,
    userAgent: session.userAgent,
    date: session.createdAt,
    page: session.page,
  }));
  const mine = events.findIndex((event) => event.id === current);
  if (current !== 0 && mine >= 0) events.unshift({ ...events.splice(mine, 1)[0]!, ...here });
  if (current === 0 && events.length === 0)
    events.push({ id: 0, tenantId: 0, userId: EMPTY_GUID, ...here, date: ex.ctx.clock.now() });
  sendEnvelope(ex, { loginEvent: current, items: events.map((event) => item(ex, event)) });
}

/**
 * `PUT /api/2.0/security/activeconnections/logout/{loginEventId}`: `false` when the event is not active;
 * another user's event needs a DocSpace admin (else 403 "Access denied").
 */
export function logoutConnection(ex: Exchange, principal: Principal | null): undefined {
  const id = Number(ex.params.loginEventId);
  const session = [...ex.ctx.state.sessions.values()].find((candidate) => candidate.loginEventId === id);
  if (!session?.active) return sendEnvelope(ex, false);
  if (session.userId !== principal!.user.id && !isAdmin(principal!.user))
    return sendError(ex, 403, 'Access denied', EXCEPTIONS.security);
  session.active = false;
  sendEnvelope(ex, true);
}

/**
 * `ResetUserCookieAsync`: the user's cookie index moves on and every login event ends; when the caller
 * resets their own, a fresh session cookie is set (`AuthenticateMeAndSetCookiesAsync`).
 */
function resetUserCookie(ex: Exchange, principal: Principal, target: UserRecord): void {
  target.cookieIndex++;
  for (const session of ex.ctx.state.sessions.values())
    if (session.userId === target.id) session.active = false;
  if (target.id === principal.user.id)
    ex.res.setHeader('Set-Cookie', startSession(ex, target, false).setCookie);
}

/** `PUT …/activeconnections/logoutall/{userId}`: yourself, or anyone for a DocSpace admin. */
export function logoutAllForUser(ex: Exchange, principal: Principal | null): undefined {
  const userId = ex.params.userId!.toLowerCase();
  const caller = principal!.user;
  if (userId !== caller.id.toLowerCase() && !isAdmin(caller))
    return sendError(ex, 403, 'Access denied', EXCEPTIONS.security);
  const target = ex.ctx.state.users.find((user) => user.id.toLowerCase() === userId);
  if (target) resetUserCookie(ex, principal!, target);
  sendEnvelope(ex, null);
}

/**
 * `PUT …/activeconnections/logoutallexceptthis`: ends every other login event and answers the user's
 * name. Only the cookie tells "this" one: without it, every event ends, the caller's included.
 */
export function logoutAllExceptThis(ex: Exchange, principal: Principal | null): undefined {
  const user = principal!.user;
  const keep = cookieLoginEvent(ex);
  for (const session of ex.ctx.state.sessions.values())
    if (session.userId === user.id && session.loginEventId !== keep) session.active = false;
  sendEnvelope(ex, displayName(user));
}

/**
 * `PUT …/activeconnections/logoutallchangepassword`: like `logoutall` for yourself, and answers the
 * password-change confirmation link that DocSpace also e-mails.
 */
export function logoutAllChangePassword(ex: Exchange, principal: Principal | null): undefined {
  const user = principal!.user;
  resetUserCookie(ex, principal!, user);
  sendEnvelope(
    ex,
    `${ex.ctx.url}/confirm/PasswordChange?type=PasswordChange&key=${randomBase64Url(12)}&email=${encodeURIComponent(user.email)}&uid=${user.id}`,
  );
}
