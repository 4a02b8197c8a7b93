import {
  cookies,
  EXCEPTIONS,
  type Exchange,
  sendEnvelope,
  sendError,
  sendValidationProblem,
} from '../server/http.js';
import type { Principal } from './schemes.js';
import { findSession } from './schemes.js';
import type { UserRecord } from '../state/emulator-state.js';
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

/** `EmployeeType` of an emulator role (`common/ASC.Core.Common/Core/EmployeeType.cs`). */
export function employeeType(user: UserRecord): number {
  if (user.role === 'owner' || user.role === 'admin') return 3;
  if (user.role === 'room-admin') return 1;
  if (user.role === 'guest') return 2;
  return 4;
}

const SORT_KEYS: Record<string, (user: UserRecord) => string | number> = {
  firstname: (user) => user.firstName.toLowerCase(),
  lastname: (user) => user.lastName.toLowerCase(),
  email: (user) => user.email.toLowerCase(),
  type: (user) => employeeType(user),
  registrationdate: (user) => user.registeredAt,
};

function intParam(query: URLSearchParams, name: string): number | null | 'invalid' {
  const raw = query.get(name);
  if (raw === null || raw === '') return null;
  return /^-?\d+$/.test(raw.trim()) ? Number(raw) : 'invalid';
}

function matchesText(user: UserRecord, text: string | null, separator: string | null): boolean {
  const processed = (text ?? '').toLowerCase().trim();
  if (processed === '') return true;
  const hit = (token: string) =>
    user.firstName.toLowerCase().includes(token) ||
    user.lastName.toLowerCase().includes(token) ||
    user.email.toLowerCase().includes(token);
  return separator ? processed.split(separator).some(hit) : processed.split(' ').every(hit);
}

/**
 * `GET /api/2.0/people/filter` (`products/ASC.People/Server/Api/UserController.cs` `SearchUsersByExtendedFilter`,
 * `GetByFilterAsync`): users and guests get 403 "Access denied"; `count` (1..100, default 100) and
 * `startIndex` page the list, `total` counts every match; `filterValue` (each word in the first name, last
 * name or e-mail; any word with `filterSeparator`), `employeeStatus` (1 active, 2 terminated),
 * `activationStatus`, `employeeType`/`employeeTypes` (1 room admin, 2 guest, 3 DocSpace admin, 4 user),
 * `isAdministrator`, `area` (1 people, 2 guests), `sortBy` (default first name) and `sortOrder` (1 descending).
 * `GET /api/2.0/people` is the same search for active users (`GetAllProfiles` -> `GetByStatus`).
 */
export function searchPeople(ex: Exchange, principal: Principal | null, activeOnly = false): undefined {
  const role = principal!.user.role;
  if (role === 'guest' || role === 'user') return sendError(ex, 403, 'Access denied', EXCEPTIONS.security);
  const query = ex.url.searchParams;
  const count = intParam(query, 'count');
  if (count === 'invalid' || (count !== null && (count < 1 || count > 100)))
    return sendValidationProblem(ex, { count: ['The field Count must be between 1 and 100.'] });
  const startIndex = intParam(query, 'startIndex');
  const status = activeOnly ? 1 : intParam(query, 'employeeStatus');
  const activation = intParam(query, 'activationStatus');
  const area = intParam(query, 'area');
  const types = [query.get('employeeType'), ...query.getAll('employeeTypes')]
    .filter((value): value is string => value !== null && value !== '')
    .map(Number);
  const admins = query.get('isAdministrator')?.toLowerCase() === 'true';
  let users = ex.ctx.state.users.filter((user) => {
    if (status !== null && status !== 'invalid' && (user.disabled ? 2 : 1) !== status) return false;
    if (activation !== null && activation !== 'invalid' && activation !== 1) return false;
    if (types.length > 0 && !types.includes(employeeType(user))) return false;
    if (admins && employeeType(user) !== 3) return false;
    if (area === 1 && user.role === 'guest') return false;
    if (area === 2 && user.role !== 'guest') return false;
    return matchesText(user, query.get('filterValue'), query.get('filterSeparator'));
  });
  const sortBy = (query.get('sortBy') ?? '').toLowerCase();
  const key = SORT_KEYS[sortBy === 'displayname' ? 'firstname' : sortBy] ?? SORT_KEYS.firstname!;
  const descending = query.get('sortOrder') === '1' || query.get('sortOrder')?.toLowerCase() === 'descending';
  users = users
    .map((user, index) => ({ user, index, key: key(user) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index) * (descending ? -1 : 1))
    .map(({ user }) => user);
  const from = typeof startIndex === 'number' && startIndex > 0 ? startIndex : 0;
  const page = users.slice(from, from + (count ?? 100)).map((user) => employeeFullDto(ex.ctx, user));
  sendEnvelope(ex, page, { total: users.length });
}

/** `GET /api/2.0/people`: active users, paged like `people/filter`. */
export function listPeople(ex: Exchange, principal: Principal | null): undefined {
  return searchPeople(ex, principal, true);
}

/** `GET /api/2.0/group`: no groups in the emulator. */
export function listGroups(ex: Exchange): undefined {
  sendEnvelope(ex, [], { total: 0 });
}

/**
 * `GET /api/2.0/people/{userid}` (`products/ASC.People/Server/Api/UserController.cs` `GetProfileByUserId`):
 * the user by user name, else by id; none is 404 "The user could not be found"; then
 * `CanUserViewAnotherUserAsync` (`common/ASC.Core.Common/Users/UserExtensions.cs`): yourself and DocSpace
 * admins always, users and guests nobody else (403), room admins everyone but guests (the emulator keeps no
 * user relations).
 */
export function getProfile(ex: Exchange, principal: Principal | null): undefined {
  const wanted = ex.params.userId!.toLowerCase();
  const user = ex.ctx.state.users.find(
    (candidate) =>
      candidate.email.split('@')[0]!.toLowerCase() === wanted || candidate.id.toLowerCase() === wanted,
  );
  if (!user) return sendError(ex, 404, 'The user could not be found', EXCEPTIONS.notFound);
  const caller = principal!.user;
  const type = employeeType(caller);
  // A room admin sees guests only through a relation (shared rooms), which the emulator does not keep.
  const visible = caller.id === user.id || type === 3 || (type === 1 && employeeType(user) !== 2);
  if (!visible) return sendError(ex, 403, 'No permissions to perform this action', EXCEPTIONS.security);
  sendEnvelope(ex, employeeFullDto(ex.ctx, user));
}
