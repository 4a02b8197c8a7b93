import type { Exchange } from '../../server/http.js';
import { sendPlainJson } from './problem.js';

/** A row of `identity_scopes` (`common/Tools/ASC.Migrations.Core/EF/Identity/Models/IdentityScope.cs`). */
export interface IdentityScope {
  name: string;
  group: string;
  type: string;
}

/** The seeded scopes: accounts, profiles (`accounts.self`), files, rooms, openid. */
export const IDENTITY_SCOPES: readonly IdentityScope[] = [
  { name: 'accounts:read', group: 'accounts', type: 'read' },
  { name: 'accounts:write', group: 'accounts', type: 'write' },
  { name: 'accounts.self:read', group: 'profiles', type: 'read' },
  { name: 'accounts.self:write', group: 'profiles', type: 'write' },
  { name: 'files:read', group: 'files', type: 'read' },
  { name: 'files:write', group: 'files', type: 'write' },
  { name: 'openid', group: 'openid', type: 'openid' },
  { name: 'rooms:read', group: 'rooms', type: 'read' },
  { name: 'rooms:write', group: 'rooms', type: 'write' },
];

function compareIgnoreCase(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * `GET /api/2.0/scopes` (`ScopeQueryController.java`): `[{ name, group, type }]` sorted by name with
 * Java's `compareToIgnoreCase` (so `accounts.self:*` before `accounts:*`), `openid` last.
 */
export function listScopes(ex: Exchange): undefined {
  const sorted = [...IDENTITY_SCOPES].sort((a, b) => {
    if (a.name === 'openid') return 1;
    if (b.name === 'openid') return -1;
    return compareIgnoreCase(a.name, b.name);
  });
  sendPlainJson(
    ex,
    200,
    sorted.map((scope) => ({ ...scope })),
  );
}
