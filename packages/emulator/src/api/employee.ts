import type { EmulatorContext } from '../state/emulator-context.js';
import { formatApiDateTime } from '../server/dates.js';
import type { UserRecord } from '../state/emulator-state.js';

const AVATAR = '/static/images/default_user_photo_size_82-82.png';

/** `EmployeeDto`: the short user shape (`createBy` of keys and rooms). */
export function employeeDto(ctx: EmulatorContext, user: UserRecord): Record<string, unknown> {
  return {
    id: user.id,
    displayName: `${user.firstName} ${user.lastName}`.trim(),
    avatar: AVATAR,
    avatarOriginal: AVATAR,
    avatarMax: AVATAR,
    avatarMedium: AVATAR,
    avatarSmall: AVATAR,
    profileUrl: `${ctx.url}/accounts/view/${encodeURIComponent(user.email.split('@')[0]!)}`,
    hasAvatar: false,
    isAnonim: false,
  };
}

/** `EmployeeFullDto` (docs/docspace-behaviour.md §8.6); `self` adds what only `people/@self` fills. */
export function employeeFullDto(
  ctx: EmulatorContext,
  user: UserRecord,
  self?: { loginEventId: number; authCookieLifetime?: number },
): Record<string, unknown> {
  const isAdmin = user.role === 'owner' || user.role === 'admin';
  return {
    ...employeeDto(ctx, user),
    firstName: user.firstName,
    lastName: user.lastName,
    userName: user.email.split('@')[0],
    email: user.email,
    status: user.disabled ? 2 : 1,
    activationStatus: 1,
    department: '',
    workFrom: formatApiDateTime(user.registeredAt, ctx.options.timeZoneOffsetMinutes),
    groups: [],
    isAdmin,
    isRoomAdmin: user.role === 'room-admin',
    isOwner: user.role === 'owner',
    isVisitor: user.role === 'guest',
    isCollaborator: user.role === 'user',
    isLDAP: false,
    isSSO: false,
    listAdminModules: isAdmin ? ['people'] : [],
    cultureName: 'en-US',
    mobilePhone: user.phone ?? null,
    mobilePhoneActivationStatus: user.phone ? 1 : 0,
    quotaLimit: -1,
    usedSpace: 0,
    isCustomQuota: false,
    registrationDate: formatApiDateTime(user.registeredAt, ctx.options.timeZoneOffsetMinutes),
    hasPersonalFolder: user.role !== 'guest',
    tfaAppEnabled: user.tfa === 'app',
    loginEventId: self?.loginEventId ?? null,
    authCookieLifetime: self?.authCookieLifetime ?? null,
  };
}
