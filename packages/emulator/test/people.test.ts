import { describe, expect, it } from 'vitest';
import { adminToken, basicAuth, call, start } from './helpers.js';

// Sources: products/ASC.People/Server/Api/UserController.cs (SearchUsersByExtendedFilter, GetByFilterAsync,
// GetAllProfiles -> GetByStatus), ApiModels/RequestDto/SimpleByFilterRequestDto.cs (count 1..100, default 100),
// common/ASC.Core.Common/Users/UserQueryFilter.cs (sort by first name by default),
// common/ASC.Core.Common/Data/UserQueryHelper.cs (FilterByText) and common/ASC.Api.Core/Core/DynamicIgnoreResolver.cs
// (the fields selection, with ApiContext.cs GetRequestArray).

const SEED = {
  users: [
    { email: 'owner@x.test', password: 'p', role: 'owner' as const, firstName: 'Olga', lastName: 'Owner' },
    {
      email: 'carl@x.test',
      password: 'p',
      role: 'room-admin' as const,
      firstName: 'Carl',
      lastName: 'Curator',
    },
    { email: 'ann@x.test', password: 'p', role: 'user' as const, firstName: 'Ann', lastName: 'Archer' },
    { email: 'bob@x.test', password: 'p', role: 'guest' as const, firstName: 'Bob', lastName: 'Baker' },
    {
      email: 'dora@x.test',
      password: 'p',
      role: 'user' as const,
      firstName: 'Dora',
      lastName: 'Dunn',
      disabled: true,
    },
  ],
};

describe('GET /api/2.0/people/filter (UserController.cs SearchUsersByExtendedFilter)', () => {
  it('pages with count and startIndex, sorted by first name, with the total of every match', async () => {
    const emulator = await start({ seed: SEED });
    const owner = basicAuth('owner@x.test', 'p');
    const get = (query: string) =>
      call(`${emulator.url}/api/2.0/people/filter?${query}`, { headers: { authorization: owner } });
    const first = await get('count=2');
    expect(first.json.response.map((user: { firstName: string }) => user.firstName)).toEqual(['Ann', 'Bob']);
    expect([first.json.count, first.json.total]).toEqual([2, 5]);
    const second = await get('count=2&startIndex=2');
    expect(second.json.response.map((user: { firstName: string }) => user.firstName)).toEqual([
      'Carl',
      'Dora',
    ]);
    const descending = await get('sortBy=lastName&sortOrder=1&count=1');
    expect(descending.json.response[0].lastName).toBe('Owner');
    const tooMany = await get('count=101');
    expect([tooMany.status, tooMany.json.status, tooMany.json.response.errors]).toEqual([
      400,
      1,
      { count: ['The field Count must be between 1 and 100.'] },
    ]);
  });

  it('filters by text (every word), status, type, admins and area', async () => {
    const emulator = await start({ seed: SEED });
    const owner = basicAuth('owner@x.test', 'p');
    const names = async (query: string) =>
      (
        await call(`${emulator.url}/api/2.0/people/filter?${query}`, { headers: { authorization: owner } })
      ).json.response.map((user: { firstName: string }) => user.firstName);
    expect(await names('filterValue=archer')).toEqual(['Ann']);
    expect(await names('filterValue=er%20x.test')).toEqual(['Ann', 'Bob', 'Olga']);
    expect(await names('filterValue=er%20bob')).toEqual(['Bob']);
    expect(await names('filterValue=ann,bob&filterSeparator=,')).toEqual(['Ann', 'Bob']);
    expect(await names('employeeStatus=2')).toEqual(['Dora']);
    expect(await names('employeeType=1')).toEqual(['Carl']);
    expect(await names('employeeTypes=2&employeeTypes=3')).toEqual(['Bob', 'Olga']);
    expect(await names('isAdministrator=true')).toEqual(['Olga']);
    expect(await names('area=2')).toEqual(['Bob']);
  });

  it('denies users and guests with 403 "Access denied"; GET /people lists the active ones', async () => {
    const emulator = await start({ seed: SEED });
    for (const email of ['ann@x.test', 'bob@x.test']) {
      const res = await call(`${emulator.url}/api/2.0/people/filter`, {
        headers: { authorization: basicAuth(email, 'p') },
      });
      expect([res.status, res.json.error.message, res.json.error.type]).toEqual([
        403,
        'Access denied',
        'System.Security.SecurityException',
      ]);
    }
    const curator = await call(`${emulator.url}/api/2.0/people`, {
      headers: { authorization: basicAuth('carl@x.test', 'p') },
    });
    expect(curator.json.total).toBe(4);
  });

  it('needs accounts:read for a scoped credential', async () => {
    const emulator = await start();
    const token = await emulator.issueAccessToken({
      email: 'admin@docspace.test',
      clientId: emulator.seed.clients[0]!.clientId,
      scopes: ['files:read'],
    });
    const res = await call(`${emulator.url}/api/2.0/people/filter`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect([res.status, res.text]).toEqual([403, '']);
  });
});

describe('fields selection (DynamicIgnoreResolver.cs)', () => {
  it('keeps only the named response fields, on objects and list items alike, and leaves the envelope', async () => {
    const emulator = await start();
    const token = await adminToken(emulator);
    const self = await call(`${emulator.url}/api/2.0/people/@self?fields=id,displayName`, {
      headers: { authorization: token },
    });
    expect(self.json).toMatchObject({ count: 1, status: 0, statusCode: 200 });
    expect(self.json.response).toEqual({ id: emulator.seed.users[0]!.id, displayName: 'Ada Admin' });
    const list = await call(`${emulator.url}/api/2.0/people/filter?fields[]=email&fields[]=isAdmin`, {
      headers: { authorization: token },
    });
    expect(list.json.response).toEqual([
      { email: 'admin@docspace.test', isAdmin: true },
      { email: 'user@docspace.test', isAdmin: false },
    ]);
    expect(list.json.total).toBe(2);
  });

  it('selects nested fields by dotted paths, and a parent name keeps all of it', async () => {
    const emulator = await start();
    const token = await adminToken(emulator);
    const keys = (fields: string) =>
      call(`${emulator.url}/api/2.0/keys?fields=${fields}`, { headers: { authorization: token } });
    const dotted = await keys('name,createBy.displayName');
    expect(dotted.json.response[0]).toEqual({ name: 'full-access', createBy: { displayName: 'Ada Admin' } });
    const parent = await keys('createBy');
    expect(Object.keys(parent.json.response[0])).toEqual(['createBy']);
    expect(parent.json.response[0].createBy).toMatchObject({
      id: emulator.seed.users[0]!.id,
      hasAvatar: false,
    });
  });
});
