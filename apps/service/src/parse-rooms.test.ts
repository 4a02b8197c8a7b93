import { describe, expect, it } from 'vitest';
import { parseRooms } from './parse-rooms.js';

describe('parseRooms', () => {
  it('reads the rooms and the total of a folder content', () => {
    const page = parseRooms({
      files: [],
      folders: [
        { id: 7, title: 'Contracts', roomType: 2, parentId: 2 },
        { id: 8, title: 'Marketing' },
      ],
      total: 5,
    });
    expect(page).toEqual({
      rooms: [
        { id: 7, title: 'Contracts', roomType: 2 },
        { id: 8, title: 'Marketing', roomType: undefined },
      ],
      total: 5,
    });
  });

  it('counts the rooms when the server omits the total', () => {
    expect(parseRooms({ folders: [] }).total).toBe(0);
  });

  it.each([
    [null, '"response" must be an object'],
    [{ folders: {} }, '"response.folders" must be an array'],
    [{ folders: [1] }, '"response.folders[0]" must be an object'],
    [{ folders: [{ id: '7', title: 'x' }] }, '"response.folders[0].id" must be a number'],
    [{ folders: [{ id: 7 }] }, '"response.folders[0].title" must be a string'],
  ])('rejects %j naming the field', (response, message) => {
    expect(() => parseRooms(response)).toThrow(
      expect.objectContaining({
        code: 'ERR_AUTH_BAD_RESPONSE',
        message: `GET /api/2.0/files/rooms: ${message}`,
      }),
    );
  });
});
