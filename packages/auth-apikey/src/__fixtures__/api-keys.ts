// Shaped like real DocSpace payloads (ApiKeyResponseDto, docs/docspace-behaviour.md §4.1): .NET round-trip dates
// in the portal's zone, masked keys outside the create response, `[]` for full access.
export const FULL_KEY = 'sk-9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c1a2b';

export const createdKeyResponse = {
  response: {
    id: '3f0c5d2e-8a1b-4c6d-9e0f-1a2b3c4d5e6f',
    name: 'ci-bot',
    key: 'sk-9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c1a2b',
    keyPostfix: '1a2b',
    permissions: ['files:read', 'rooms:read'],
    createOn: '2026-11-29T11:50:00.0000000+03:00',
    expiresAt: '2026-12-29T11:50:00.0000000+03:00',
    createBy: {
      id: '66faa6e4-f133-11ea-b126-00ffeec8b4ef',
      displayName: 'Jane Doe',
      avatar: '/storage/userPhotos/root/66faa6e4_size_48-48.jpeg',
      avatarSmall: '/storage/userPhotos/root/66faa6e4_size_32-32.jpeg',
      profileUrl: 'https://portal.example.com/accounts/view/jane',
      hasAvatar: true,
      isAnonim: false,
    },
    isActive: true,
  },
  count: 1,
  links: [{ href: 'https://portal.example.com/api/2.0/keys', action: 'POST' }],
  status: 0,
  statusCode: 200,
} as const;

export const keyListResponse = {
  response: [
    {
      id: '3f0c5d2e-8a1b-4c6d-9e0f-1a2b3c4d5e6f',
      name: 'ci-bot',
      key: 'sk-***1a2b',
      keyPostfix: '1a2b',
      permissions: ['files:read', 'rooms:read'],
      lastUsed: '2026-11-30T08:15:42.1234567+03:00',
      createOn: '2026-11-29T11:50:00.0000000+03:00',
      expiresAt: '2026-12-29T11:50:00.0000000+03:00',
      createBy: { id: '66faa6e4-f133-11ea-b126-00ffeec8b4ef', displayName: 'Jane Doe' },
      isActive: true,
    },
    {
      id: 'b7e1c2d3-0000-4f00-8000-00000000beef',
      name: 'backup',
      key: 'sk-***c0de',
      keyPostfix: 'c0de',
      permissions: [],
      createOn: '2026-01-05T09:00:00.0000000Z',
      createBy: { id: '66faa6e4-f133-11ea-b126-00ffeec8b4ef', displayName: 'Jane Doe' },
      isActive: false,
    },
  ],
  count: 2,
  links: [{ href: 'https://portal.example.com/api/2.0/keys', action: 'GET' }],
  status: 0,
  statusCode: 200,
} as const;

export const permissionsResponse = {
  response: [
    '*',
    '*:read',
    '*:write',
    'files:read',
    'files:write',
    'rooms:read',
    'rooms:write',
    'accounts:read',
    'accounts:write',
    'accounts.self:read',
    'accounts.self:write',
  ],
  count: 11,
  links: [{ href: 'https://portal.example.com/api/2.0/keys/permissions', action: 'GET' }],
  status: 0,
  statusCode: 200,
} as const;

export const booleanResponse = {
  response: true,
  count: 1,
  links: [
    { href: 'https://portal.example.com/api/2.0/keys/3f0c5d2e-8a1b-4c6d-9e0f-1a2b3c4d5e6f', action: 'PUT' },
  ],
  status: 0,
  statusCode: 200,
} as const;
