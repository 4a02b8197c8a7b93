import { describe, expect, it } from 'vitest';
import { acceptedScopes } from '../src/api/scopes.js';
import { call, start } from './helpers.js';

// common/ASC.Api.Core/Auth/AuthorizationExtension.cs: ScopesMap, GetAuthorizePolicy and
// WithRequirementAuthorization decide which scopes each endpoint accepts (docs/docspace-behaviour.md 5.3).

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('the scope policy of API endpoints (AuthorizationExtension.cs ScopesMap)', () => {
  it('accepts only accounts:read (not accounts:write) on a GET of a group endpoint', async () => {
    // ScopesMap: { "GET api/[^/]+/group", [ "accounts:read" ] }, unlike people's [ "accounts:read", "accounts:write" ].
    const emulator = await start();
    const token = (scopes: string[]) =>
      emulator.issueAccessToken({
        email: 'admin@docspace.test',
        clientId: emulator.seed.clients[0]!.clientId,
        scopes,
      });
    const get = async (path: string, scopes: string[]) =>
      call(`${emulator.url}/api/2.0/${path}`, { headers: bearer(await token(scopes)) });
    const writeOnGroup = await get('group', ['accounts:write']);
    expect([writeOnGroup.status, writeOnGroup.text]).toEqual([403, '']);
    expect((await get('group', ['accounts:read'])).status).toBe(200);
    // The same write scope does reach a GET of people.
    expect((await get('people/filter', ['accounts:write'])).status).toBe(200);
    const key = emulator.addApiKey({
      user: 'admin@docspace.test',
      name: 'accounts-write',
      permissions: ['accounts:write'],
    }).key;
    const keyed = await call(`${emulator.url}/api/2.0/group`, { headers: bearer(key) });
    expect([keyed.status, keyed.text]).toEqual([403, '']);
  });

  it('gives PATCH the global *:write only: the write patterns name POST, PUT, DELETE and UPDATE', () => {
    // No .NET API endpoint is [HttpPatch] (git grep at ed2994e7), so this cannot be seen on the wire; a PATCH
    // to an API route is answered 405 before authentication, as ASP.NET routing does.
    expect(acceptedScopes('PATCH', 'files/file/1')).toEqual(['*:write']);
    expect(acceptedScopes('PATCH', 'people/@self')).toEqual(['*:write']);
    expect(acceptedScopes('PUT', 'files/file/1')).toEqual(['*:write', 'files:write']);
    expect(acceptedScopes('GET', 'group')).toEqual(['*:read', '*:write', 'accounts:read']);
    expect(acceptedScopes('GET', 'keys/@self')).toBeNull();
  });

  it('answers a PATCH on an API route with 405 before looking at the credential', async () => {
    const emulator = await start();
    const res = await call(`${emulator.url}/api/2.0/files/rooms`, { method: 'PATCH' });
    expect([res.status, res.text]).toEqual([405, '']);
  });

  it('checks no scope on an endpoint with an [Authorize] of its own: GET people/{userid} (UserController.cs)', async () => {
    // products/ASC.People/Server/Api/UserController.cs GetProfileByUserId carries
    // [Authorize(AuthenticationSchemes = "confirm", Roles = "LinkInvite,Authenticated")], so
    // WithRequirementAuthorization attaches no policy, and ApiKeyScopesFilter.cs checks [AllowAnonymous] only.
    const emulator = await start();
    const admin = emulator.seed.users[0]!;
    const plain = emulator.seed.users.find((user) => user.email === 'user@docspace.test')!;
    const filesOnly = await emulator.issueAccessToken({
      email: admin.email,
      clientId: emulator.seed.clients[0]!.clientId,
      scopes: ['files:read'],
    });
    const profile = await call(`${emulator.url}/api/2.0/people/${plain.id}`, { headers: bearer(filesOnly) });
    expect([profile.status, profile.json.response.email]).toEqual([200, plain.email]);
    // The same token has no scope for a people endpoint without an [Authorize] of its own.
    const self = await call(`${emulator.url}/api/2.0/people/@self`, { headers: bearer(filesOnly) });
    expect([self.status, self.text]).toEqual([403, '']);

    // An sk- key with files:read and rooms:read only (the plain user's) reads its own profile there too.
    const narrowKey = emulator.seed.apiKeys.find((key) => key.name === 'files-rooms-read')!.key;
    const own = await call(`${emulator.url}/api/2.0/people/${plain.id}`, { headers: bearer(narrowKey) });
    expect([own.status, own.json.response.id]).toEqual([200, plain.id]);
    expect((await call(`${emulator.url}/api/2.0/people/@self`, { headers: bearer(narrowKey) })).status).toBe(
      403,
    );
  });

  it('answers GET people/{userid} like GetProfileByUserId: by user name or id, 404 when unknown, 403 for users viewing others', async () => {
    const emulator = await start();
    const admin = emulator.seed.users[0]!;
    const plain = emulator.seed.users.find((user) => user.email === 'user@docspace.test')!;
    const adminKey = emulator.seed.apiKeys[0]!.key;
    const byName = await call(`${emulator.url}/api/2.0/people/user`, { headers: bearer(adminKey) });
    expect([byName.status, byName.json.response.id]).toEqual([200, plain.id]);
    const unknown = await call(`${emulator.url}/api/2.0/people/00000000-0000-4000-8000-000000000999`, {
      headers: bearer(adminKey),
    });
    expect([unknown.status, unknown.json.error.message, unknown.json.error.type]).toEqual([
      404,
      'The user could not be found',
      'ASC.Common.Web.ItemNotFoundException',
    ]);
    // UserExtensions.cs CanUserViewAnotherUserAsync: a plain user sees nobody else.
    const narrowKey = emulator.seed.apiKeys.find((key) => key.name === 'files-rooms-read')!.key;
    const other = await call(`${emulator.url}/api/2.0/people/${admin.id}`, { headers: bearer(narrowKey) });
    expect([other.status, other.json.error.message]).toEqual([403, 'No permissions to perform this action']);
    expect((await call(`${emulator.url}/api/2.0/people/${admin.id}`)).status).toBe(401);
  });
});
