import { AuthResponseError } from '@ds/auth-core';

/** The fields of `GET /api/2.0/people/@self` (an `EmployeeFullDto`) that the profile page shows. */
export interface Profile {
  readonly id: string;
  readonly displayName: string;
  readonly email: string | undefined;
  readonly userName: string | undefined;
  readonly role: string;
  readonly registrationDate: string | undefined;
}

/** One room of `GET /api/2.0/files/rooms`. */
export interface Room {
  readonly id: number;
  readonly title: string;
  readonly type: string;
}

const ROOM_TYPES: Record<number, string> = {
  1: 'Form filling',
  2: 'Collaboration',
  3: 'Review',
  4: 'View only',
  5: 'Custom',
  6: 'Public',
  8: 'Virtual data',
};

/**
 * Reads the `response` of `GET /api/2.0/people/@self`. Throws `AuthResponseError`
 * (`ERR_AUTH_BAD_RESPONSE`) naming the field when `id` or `displayName` is missing.
 *
 * @example
 * ```ts
 * parseProfile({ id: 'f0', displayName: 'Jane Doe', isAdmin: true }).role; // 'DocSpace admin'
 * ```
 * @see docs/docspace-behaviour.md §8.6
 */
export function parseProfile(response: unknown): Profile {
  if (!isRecord(response)) throw bad('people/@self', '"response" must be an object');
  const { id, displayName } = response;
  if (typeof id !== 'string') throw bad('people/@self', '"response.id" must be a string');
  if (typeof displayName !== 'string') throw bad('people/@self', '"response.displayName" must be a string');
  return {
    id,
    displayName,
    email: optionalString(response.email),
    userName: optionalString(response.userName),
    role: roleOf(response),
    registrationDate: optionalString(response.registrationDate),
  };
}

/**
 * Reads the `response` of `GET /api/2.0/files/rooms` (a folder content with `folders`). Throws
 * `AuthResponseError` (`ERR_AUTH_BAD_RESPONSE`) naming the field with the wrong shape.
 *
 * @example
 * ```ts
 * parseRooms({ folders: [{ id: 7, title: 'Contracts', roomType: 2 }] })[0]?.type; // 'Collaboration'
 * ```
 */
export function parseRooms(response: unknown): Room[] {
  if (!isRecord(response) || !Array.isArray(response.folders))
    throw bad('files/rooms', '"response.folders" must be an array');
  return response.folders.map((folder: unknown, index): Room => {
    if (!isRecord(folder) || typeof folder.id !== 'number' || typeof folder.title !== 'string')
      throw bad('files/rooms', `"response.folders[${index}]" must have a numeric "id" and a string "title"`);
    const type = typeof folder.roomType === 'number' ? ROOM_TYPES[folder.roomType] : undefined;
    return { id: folder.id, title: folder.title, type: type ?? 'Room' };
  });
}

function roleOf(user: Record<string, unknown>): string {
  if (user.isOwner === true) return 'Owner';
  if (user.isAdmin === true) return 'DocSpace admin';
  if (user.isRoomAdmin === true) return 'Room admin';
  if (user.isVisitor === true) return 'Guest';
  return 'User';
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bad(endpoint: string, message: string): AuthResponseError {
  return new AuthResponseError(`GET /api/2.0/${endpoint}: ${message}`, { status: 200 });
}
