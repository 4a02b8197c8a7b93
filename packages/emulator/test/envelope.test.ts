import { describe, expect, it } from 'vitest';
import { adminToken, call, postJson, start } from './helpers.js';

const API_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}[+-]\d{2}:\d{2}$/;

describe('envelope and errors (docs/docspace-behaviour.md §8.2, §8.3, §3.1)', () => {
  it('wraps a success with count, response, links (full request URL), status 0 and statusCode 200', async () => {
    const emulator = await start();
    const res = await call(`${emulator.url}/api/2.0/capabilities?x=1`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      count: 1,
      response: {
        ldapEnabled: false,
        ldapDomain: '',
        providers: [],
        ssoLabel: '',
        ssoUrl: '',
        oauthEnabled: true,
        identityServerEnabled: true,
      },
      links: [{ href: `${emulator.url}/api/2.0/capabilities?x=1`, action: 'GET' }],
      status: 0,
      statusCode: 200,
    });
  });

  it('counts a list by its length and a scalar as 1', async () => {
    const emulator = await start();
    const token = await adminToken(emulator);
    const list = await call(`${emulator.url}/api/2.0/keys/permissions`, {
      headers: { authorization: token },
    });
    expect(list.json.count).toBe(list.json.response.length);
    expect(list.json.response).toContain('accounts.self:write');
    const scalar = await call(`${emulator.url}/api/2.0/authentication`, {
      headers: { authorization: token },
    });
    expect(scalar.json).toMatchObject({ count: 1, response: true, status: 0, statusCode: 200 });
  });

  it('omits response and gives count 0 for null (logout)', async () => {
    const emulator = await start();
    const res = await call(`${emulator.url}/api/2.0/authentication/logout`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      count: 0,
      links: [{ href: `${emulator.url}/api/2.0/authentication/logout`, action: 'POST' }],
      status: 0,
      statusCode: 200,
    });
  });

  it('sends authentication errors with type and stack null and hresult 0', async () => {
    const emulator = await start();
    const res = await postJson(`${emulator.url}/api/2.0/authentication`, {
      userName: 'nobody@x.test',
      password: 'x',
    });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      error: { message: 'User authentication failed', type: null, stack: null, hresult: 0 },
      status: 1,
      statusCode: 401,
    });
  });

  it('fills type and stack for handler exceptions', async () => {
    const emulator = await start();
    const token = await adminToken(emulator);
    const res = await postJson(
      `${emulator.url}/api/2.0/files/rooms`,
      { title: '' },
      { authorization: token },
    );
    expect(res.status).toBe(400);
    expect(res.json.status).toBe(1);
    expect(res.json.statusCode).toBe(400);
    expect(res.json.error.type).toBe('System.ArgumentException');
    expect(res.json.error.stack).toContain('at ');
  });

  it('serialises ApiDateTime in the portal zone with its offset', async () => {
    const emulator = await start({ timeZoneOffsetMinutes: 180 });
    const token = await adminToken(emulator);
    const res = await call(`${emulator.url}/api/2.0/people/@self`, { headers: { authorization: token } });
    expect(res.json.response.registrationDate).toMatch(API_DATE);
    expect(res.json.response.registrationDate.endsWith('+03:00')).toBe(true);
  });

  it('returns an EmployeeFullDto from /people/@self with nulls omitted', async () => {
    const emulator = await start();
    const token = await adminToken(emulator);
    const res = await call(`${emulator.url}/api/2.0/people/@self`, { headers: { authorization: token } });
    expect(res.json.response).toMatchObject({
      id: emulator.seed.users[0]!.id,
      displayName: 'Ada Admin',
      firstName: 'Ada',
      lastName: 'Admin',
      email: 'admin@docspace.test',
      status: 1,
      activationStatus: 1,
      isAdmin: true,
      isOwner: true,
      isVisitor: false,
      isCollaborator: false,
      cultureName: 'en-US',
      tfaAppEnabled: false,
    });
    expect(res.json.response.id).toMatch(/^[0-9a-f-]{36}$/);
    expect('mobilePhone' in res.json.response).toBe(false);
  });

  it('serves /settings anonymously with the passwordHash parameters', async () => {
    const emulator = await start();
    const res = await call(`${emulator.url}/api/2.0/settings`);
    expect(res.status).toBe(200);
    expect(res.json.response.passwordHash).toMatchObject({ size: 256, iterations: 100000 });
    expect(typeof res.json.response.passwordHash.salt).toBe('string');
  });

  it('answers unknown API routes with an empty 404', async () => {
    const emulator = await start();
    const res = await call(`${emulator.url}/api/2.0/nope`);
    expect(res.status).toBe(404);
    expect(res.text).toBe('');
  });
});
