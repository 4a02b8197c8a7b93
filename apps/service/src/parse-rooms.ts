import { AuthResponseError } from '@ds/auth-core';

/** One room, the fields this worker uses from DocSpace's `FolderDto`. */
export interface Room {
  readonly id: number;
  readonly title: string;
  /** DocSpace's room type number (for example 6 = public room, 2 = collaboration room). */
  readonly roomType: number | undefined;
}

/** The first page of `GET /api/2.0/files/rooms`. */
export interface RoomsPage {
  readonly rooms: Room[];
  /** All rooms the key can see (the page may hold fewer). */
  readonly total: number;
}

/**
 * Reads the `response` of `GET /api/2.0/files/rooms` (a folder content: `{ folders, total, ... }`).
 *
 * Throws `AuthResponseError` (`ERR_AUTH_BAD_RESPONSE`) naming the field that has the wrong shape.
 *
 * @example
 * ```ts
 * const page = parseRooms({ folders: [{ id: 7, title: 'Contracts', roomType: 2 }], total: 1 });
 * page.rooms[0]?.title; // 'Contracts'
 * ```
 */
export function parseRooms(response: unknown): RoomsPage {
  if (!isRecord(response)) throw bad('"response" must be an object');
  const folders = response.folders;
  if (!Array.isArray(folders)) throw bad('"response.folders" must be an array');
  const rooms = folders.map((folder: unknown, index): Room => {
    if (!isRecord(folder)) throw bad(`"response.folders[${index}]" must be an object`);
    if (typeof folder.id !== 'number') throw bad(`"response.folders[${index}].id" must be a number`);
    if (typeof folder.title !== 'string') throw bad(`"response.folders[${index}].title" must be a string`);
    const roomType = typeof folder.roomType === 'number' ? folder.roomType : undefined;
    return { id: folder.id, title: folder.title, roomType };
  });
  const total = typeof response.total === 'number' ? response.total : rooms.length;
  return { rooms, total };
}

function bad(message: string): AuthResponseError {
  return new AuthResponseError(`GET /api/2.0/files/rooms: ${message}`, { status: 200 });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
