import { describe, expect, it } from 'vitest';
import { parseProfile, parseRooms } from './docspace-data.js';

describe('parseProfile', () => {
  it('reads an EmployeeFullDto', () => {
    expect(
      parseProfile({
        id: 'f0',
        displayName: 'Jane Doe',
        email: 'jane@example.com',
        userName: 'jane',
        isAdmin: true,
      }),
    ).toEqual({
      id: 'f0',
      displayName: 'Jane Doe',
      email: 'jane@example.com',
      userName: 'jane',
      role: 'DocSpace admin',
      registrationDate: undefined,
    });
  });

  it('throws ERR_AUTH_BAD_RESPONSE naming the missing field', () => {
    expect(() => parseProfile({ id: 'f0' })).toThrow(
      expect.objectContaining({
        code: 'ERR_AUTH_BAD_RESPONSE',
        message: 'GET /api/2.0/people/@self: "response.displayName" must be a string',
      }),
    );
  });
});

describe('parseRooms', () => {
  it('reads the folders of the rooms folder and names the room types', () => {
    expect(
      parseRooms({
        folders: [
          { id: 7, title: 'Contracts', roomType: 2 },
          { id: 8, title: 'X', roomType: 99 },
        ],
      }),
    ).toEqual([
      { id: 7, title: 'Contracts', type: 'Collaboration' },
      { id: 8, title: 'X', type: 'Room' },
    ]);
  });

  it('throws ERR_AUTH_BAD_RESPONSE for another shape', () => {
    expect(() => parseRooms({ files: [] })).toThrow(
      expect.objectContaining({
        code: 'ERR_AUTH_BAD_RESPONSE',
        message: 'GET /api/2.0/files/rooms: "response.folders" must be an array',
      }),
    );
  });
});
