import { describe, expect, it } from 'vitest';
import { adminToken, call, postJson, start } from './helpers.js';

const API_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}\+03:00$/;

describe('API keys (docs/docspace-behaviour.md §4)', () => {
  it('creates a key: sk- + 64 lowercase hex, full secret only in the create response, 200', async () => {
    const emulator = await start();
    const token = await adminToken(emulator);
    const res = await postJson(
      `${emulator.url}/api/2.0/keys`,
      { name: 'ci-bot', permissions: ['files:read', 'rooms:read'], expiresInDays: 30 },
      { authorization: token },
    );
    expect(res.status).toBe(200);
    const dto = res.json.response;
    expect(dto.key).toMatch(/^sk-[0-9a-f]{64}$/);
    expect(dto.keyPostfix).toBe(dto.key.slice(-4));
    expect(dto).toMatchObject({ name: 'ci-bot', permissions: ['files:read', 'rooms:read'], isActive: true });
    expect(dto.createOn).toMatch(API_DATE);
    expect(dto.expiresAt).toMatch(API_DATE);
    expect(dto.createBy.id).toBe(emulator.seed.users[0]!.id);
    const list = await call(`${emulator.url}/api/2.0/keys`, { headers: { authorization: token } });
    const listed = list.json.response.find((key: { id: string }) => key.id === dto.id);
    expect(listed.key).toBe(`sk-***${dto.keyPostfix}`);
  });

  it('stores ["*"] as []', async () => {
    const emulator = await start();
    const res = await postJson(
      `${emulator.url}/api/2.0/keys`,
      { name: 'all', permissions: ['*'] },
      { authorization: await adminToken(emulator) },
    );
    expect(res.json.response.permissions).toEqual([]);
  });

  it('shows an admin every key of the portal and a user only their own', async () => {
    const emulator = await start();
    const adminList = await call(`${emulator.url}/api/2.0/keys`, {
      headers: { authorization: await adminToken(emulator) },
    });
    expect(adminList.json.response.map((key: { name: string }) => key.name).sort()).toEqual([
      'files-rooms-read',
      'full-access',
    ]);
    const basic = `Basic ${Buffer.from('user@docspace.test:User-pass-1').toString('base64')}`;
    const userList = await call(`${emulator.url}/api/2.0/keys`, { headers: { authorization: basic } });
    expect(userList.json.response.map((key: { name: string }) => key.name)).toEqual(['files-rooms-read']);
  });

  it('answers a guest 403 "Access denied" on create', async () => {
    const emulator = await start({ seed: { users: [{ email: 'g@x.test', password: 'p', role: 'guest' }] } });
    const basic = `Basic ${Buffer.from('g@x.test:p').toString('base64')}`;
    const res = await postJson(`${emulator.url}/api/2.0/keys`, { name: 'x' }, { authorization: basic });
    expect(res.status).toBe(403);
    expect(res.json.error.message).toBe('Access denied');
    expect(res.json.error.type).toBe('System.UnauthorizedAccessException');
  });

  it('returns the presenting key from /keys/@self for any scope and updates lastUsed', async () => {
    const emulator = await start({ clock: 'manual' });
    const narrow = emulator.seed.apiKeys[1]!;
    emulator.clock.advance(5000);
    const res = await call(`${emulator.url}/api/2.0/keys/@self`, {
      headers: { authorization: `Bearer ${narrow.key}` },
    });
    expect(res.status).toBe(200);
    expect(res.json.response).toMatchObject({ id: narrow.id, key: `sk-***${narrow.key.slice(-4)}` });
    expect(res.json.response.lastUsed).toMatch(API_DATE);
  });

  it('enforces key permissions with an empty 403, even on anonymous endpoints', async () => {
    const emulator = await start();
    const auth = { authorization: `Bearer ${emulator.seed.apiKeys[1]!.key}` }; // files:read rooms:read
    const get = (path: string) => call(`${emulator.url}/api/2.0/${path}`, { headers: auth });
    expect((await get('files/@my')).status).toBe(200);
    expect((await get('files/rooms')).status).toBe(200);
    for (const path of ['authentication', 'people/@self', 'capabilities', 'keys']) {
      const res = await get(path);
      expect(res.status, path).toBe(403);
      expect(res.text).toBe('');
    }
    const write = await postJson(`${emulator.url}/api/2.0/files/rooms`, { title: 'x' }, auth);
    expect(write.status).toBe(403);
    expect(write.text).toBe('');
  });

  it('accepts :write on GET and *:read globally on GET only', async () => {
    const emulator = await start();
    const token = await adminToken(emulator);
    const create = async (permissions: string[]) =>
      (await postJson(`${emulator.url}/api/2.0/keys`, { name: 'k', permissions }, { authorization: token }))
        .json.response.key;
    const writer = await create(['rooms:write']);
    const reader = await create(['*:read']);
    expect(
      (await call(`${emulator.url}/api/2.0/files/rooms`, { headers: { authorization: `Bearer ${writer}` } }))
        .status,
    ).toBe(200);
    expect(
      (
        await postJson(
          `${emulator.url}/api/2.0/files/rooms`,
          { title: 'R' },
          { authorization: `Bearer ${writer}` },
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await call(`${emulator.url}/api/2.0/authentication`, {
          headers: { authorization: `Bearer ${reader}` },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await postJson(
          `${emulator.url}/api/2.0/files/rooms`,
          { title: 'R' },
          { authorization: `Bearer ${reader}` },
        )
      ).status,
    ).toBe(403);
  });

  it('answers 401 with an empty body for expired, inactive, deleted and unknown keys', async () => {
    const emulator = await start({ clock: 'manual' });
    const token = await adminToken(emulator);
    const created = (
      await postJson(
        `${emulator.url}/api/2.0/keys`,
        { name: 'short', expiresInDays: 1 },
        { authorization: token },
      )
    ).json.response;
    const probe = (key: string) =>
      call(`${emulator.url}/api/2.0/keys/@self`, { headers: { authorization: `Bearer ${key}` } });
    expect((await probe(created.key)).status).toBe(200);
    emulator.clock.advance(86_400_001);
    const expired = await probe(created.key);
    expect([expired.status, expired.text]).toEqual([401, '']);
    const full = emulator.seed.apiKeys[0]!;
    const off = await call(`${emulator.url}/api/2.0/keys/${full.id}`, {
      method: 'PUT',
      headers: { authorization: token, 'content-type': 'application/json' },
      body: JSON.stringify({ isActive: false }),
    });
    expect(off.json.response).toBe(true);
    expect((await probe(full.key)).status).toBe(401);
    expect((await probe(`sk-${'0'.repeat(64)}`)).status).toBe(401);
  });

  it('updates (false when expired) and deletes keys', async () => {
    const emulator = await start({ clock: 'manual' });
    const token = await adminToken(emulator);
    const key = emulator.seed.apiKeys[1]!;
    const put = (body: unknown) =>
      call(`${emulator.url}/api/2.0/keys/${key.id}`, {
        method: 'PUT',
        headers: { authorization: token, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put({ name: 'renamed', permissions: ['*'] })).json.response).toBe(true);
    const self = await call(`${emulator.url}/api/2.0/keys/@self`, {
      headers: { authorization: `Bearer ${key.key}` },
    });
    expect(self.json.response).toMatchObject({ name: 'renamed', permissions: [] });
    const del = await call(`${emulator.url}/api/2.0/keys/${key.id}`, {
      method: 'DELETE',
      headers: { authorization: token },
    });
    expect(del.json.response).toBe(true);
    expect((await put({ name: 'x' })).json.response).toBe(false);
  });

  // products/ASC.People/Server/Api/ApiKeysController.cs GetAllPermissions: ScopesMap values (with "*")
  // plus *:read/*:write, .Distinct().Order(); Order() is culture-aware (ICU), where ":" sorts before ".".
  it('lists permissions sorted the way the server sorts them (ApiKeysController.cs)', async () => {
    const emulator = await start();
    const res = await call(`${emulator.url}/api/2.0/keys/permissions`, {
      headers: { authorization: await adminToken(emulator) },
    });
    expect(res.json.response).toEqual([
      '*',
      '*:read',
      '*:write',
      'accounts:read',
      'accounts:write',
      'accounts.self:read',
      'accounts.self:write',
      'files:read',
      'files:write',
      'rooms:read',
      'rooms:write',
    ]);
    expect(res.json.response).toEqual([...res.json.response].sort(new Intl.Collator('en-US').compare));
  });

  // products/ASC.People/Server/ApiModels/RequestDto/CreateApiKeyRequestDto.cs ([Required], [StringLength(30)],
  // [Range(1, 365)]) fail model validation: ASP.NET's ValidationProblemDetails, wrapped by the envelope
  // with status 1 (common/ASC.Api.Core/Middleware/CommonApiResponse.cs). Bad permissions are an ArgumentException.
  it('answers key validation errors with a ValidationProblemDetails inside the envelope (CreateApiKeyRequestDto.cs)', async () => {
    const emulator = await start();
    const token = await adminToken(emulator);
    const create = (body: unknown) =>
      postJson(`${emulator.url}/api/2.0/keys`, body, { authorization: token });
    const long = await create({ name: 'x'.repeat(31), expiresInDays: 400 });
    expect(long.status).toBe(400);
    expect(long.json).toMatchObject({
      count: 1,
      response: {
        type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
        title: 'One or more validation errors occurred.',
        status: 400,
        errors: {
          Name: ['Incorrect name. Length must be less than 30'],
          ExpiresInDays: ['Incorrect number of days. Value must be between 1 and 365'],
        },
      },
      status: 1,
      statusCode: 400,
    });
    expect(long.json.response.traceId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(long.json).not.toHaveProperty('error');
    const empty = await create({ name: '' });
    expect(empty.json.response.errors).toEqual({ Name: ['The Name field is required.'] });
    const bad = await create({ name: 'ok', permissions: ['files:delete'] });
    expect([bad.status, bad.json.error.message, bad.json.error.type]).toEqual([
      400,
      'Permissions are not valid.',
      'System.ArgumentException',
    ]);
    const rename = await call(`${emulator.url}/api/2.0/keys/${emulator.seed.apiKeys[1]!.id}`, {
      method: 'PUT',
      headers: { authorization: token, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'y'.repeat(31) }),
    });
    expect([rename.status, rename.json.response.errors]).toEqual([
      400,
      { 'Changed.Name': ['Incorrect name. Length must be less than 30'] },
    ]);
  });

  // ApiKeysController.cs GetApiKey slices "Bearer ".Length characters off the Authorization header and
  // maps whatever the lookup returns: no header throws ArgumentOutOfRangeException (400), another
  // credential finds no key and the mapper dereferences null (500).
  it('throws on /keys/@self without an sk- key, as the server does (ApiKeysController.cs)', async () => {
    const emulator = await start();
    const token = await adminToken(emulator);
    const cookie = await call(`${emulator.url}/api/2.0/keys/@self`, {
      headers: { cookie: `asc_auth_key=${token}` },
    });
    expect([cookie.status, cookie.json.error.type, cookie.json.error.message]).toEqual([
      400,
      'System.ArgumentOutOfRangeException',
      "startIndex cannot be larger than length of string. (Parameter 'startIndex')",
    ]);
    for (const authorization of [
      token,
      `Bearer ${token}`,
      `Basic ${Buffer.from('admin@docspace.test:Admin-pass-1').toString('base64')}`,
    ]) {
      const res = await call(`${emulator.url}/api/2.0/keys/@self`, { headers: { authorization } });
      expect([res.status, res.json.error.type, res.json.statusCode]).toEqual([
        500,
        'System.NullReferenceException',
        500,
      ]);
    }
  });
});
