import { formatApiDateTime } from '../server/dates.js';
import { EXCEPTIONS, type Exchange, field, parseBody, sendEnvelope, sendError } from '../server/http.js';
import type { Principal } from './schemes.js';
import type { RoomRecord } from '../state/records.js';
import { employeeDto } from './employee.js';

const ROOMS_FOLDER_ID = 2;
const MY_FOLDER_ID = 1;

function roomDto(ex: Exchange, room: RoomRecord): Record<string, unknown> {
  const ctx = ex.ctx;
  const creator = ctx.state.userById(room.createdBy);
  const created = formatApiDateTime(room.createdAt, ctx.options.timeZoneOffsetMinutes);
  return {
    id: room.id,
    title: room.title,
    roomType: room.roomType,
    parentId: ROOMS_FOLDER_ID,
    rootFolderType: 14,
    filesCount: 0,
    foldersCount: 0,
    created,
    updated: created,
    createdBy: creator ? employeeDto(ctx, creator) : null,
  };
}

function folderContent(
  _ex: Exchange,
  current: { id: number; title: string; rootFolderType: number },
  folders: unknown[],
): Record<string, unknown> {
  return {
    files: [],
    folders,
    current: { ...current, parentId: 0, filesCount: 0, foldersCount: folders.length },
    pathParts: [{ id: current.id, title: current.title }],
    startIndex: 0,
    count: folders.length,
    total: folders.length,
    new: 0,
  };
}

/** `GET /api/2.0/files/rooms` (rooms scope for scoped credentials). */
export function listRooms(ex: Exchange): undefined {
  const rooms = ex.ctx.state.rooms.map((room) => roomDto(ex, room));
  sendEnvelope(ex, folderContent(ex, { id: ROOMS_FOLDER_ID, title: 'Rooms', rootFolderType: 14 }, rooms));
}

/** `POST /api/2.0/files/rooms` `{ title, roomType? }`: guests get 403. */
export function createRoom(ex: Exchange, principal: Principal | null): undefined {
  const user = principal!.user;
  if (user.role === 'guest' || user.role === 'user')
    return sendError(ex, 403, 'Access denied', EXCEPTIONS.security);
  const body = parseBody(ex);
  const title = field(body, 'title');
  if (typeof title !== 'string' || title.trim() === '')
    return sendError(ex, 400, "Value cannot be null or empty. (Parameter 'title')", EXCEPTIONS.argument);
  const roomType = Number(field(body, 'roomType') ?? 6);
  const room = {
    id: ex.ctx.state.nextRoomId++,
    title: title.trim(),
    roomType: Number.isInteger(roomType) ? roomType : 6,
    createdBy: user.id,
    createdAt: ex.ctx.clock.now(),
  };
  ex.ctx.state.rooms.push(room);
  sendEnvelope(ex, roomDto(ex, room));
}

/** `GET /api/2.0/files/rooms/{id}`. */
export function getRoom(ex: Exchange): undefined {
  const room = ex.ctx.state.rooms.find((candidate) => candidate.id === Number(ex.params.id));
  if (!room) return sendError(ex, 404, 'The required folder was not found', EXCEPTIONS.notFound);
  sendEnvelope(ex, roomDto(ex, room));
}

/** `GET /api/2.0/files/@my` (files scope for scoped credentials). */
export function myDocuments(ex: Exchange, principal: Principal | null): undefined {
  if (principal!.user.role === 'guest') return sendError(ex, 403, 'Access denied', EXCEPTIONS.security);
  sendEnvelope(ex, folderContent(ex, { id: MY_FOLDER_ID, title: 'My documents', rootFolderType: 5 }, []));
}
