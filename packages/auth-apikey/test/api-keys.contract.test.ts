import { createDocSpaceClient } from '@ds/auth-core';
import { docSpaceErrorEnvelope } from '@ds/auth-testing';
import { useMockPortal } from '@ds/auth-testing/node';
import { describe, expect, it } from 'vitest';
import {
  booleanResponse,
  createdKeyResponse,
  FULL_KEY,
  keyListResponse,
  permissionsResponse,
} from '../src/__fixtures__/api-keys.js';
import {
  createApiKey,
  createApiKeyAuth,
  deleteApiKey,
  getCurrentApiKey,
  listApiKeyPermissions,
  listApiKeys,
  updateApiKey,
  validateApiKey,
} from '../src/index.js';

const KEY = `sk-${'0123456789abcdef'.repeat(4)}`;
const ID = '3f0c5d2e-8a1b-4c6d-9e0f-1a2b3c4d5e6f';
const JSON_HEADERS = { headers: { 'content-type': 'application/json' } };
const portal = useMockPortal();
const authorized = { authorization: `Bearer ${KEY}` };

function client() {
  return createDocSpaceClient({
    baseUrl: portal().origin,
    auth: createApiKeyAuth({ apiKey: KEY }),
    fetch: portal().fetch,
    retries: 0,
  });
}

describe('createApiKeyAuth against a mocked portal', () => {
  it('sends Authorization: Bearer sk-… with a capital B', async () => {
    portal()
      .pool.intercept({
        path: '/api/2.0/people/@self',
        headers: { authorization: (value) => value === `Bearer ${KEY}` },
      })
      .reply(200, { response: { id: 'u1' }, count: 1, status: 0, statusCode: 200 }, JSON_HEADERS);
    expect(await client().get('/api/2.0/people/@self')).toEqual({ id: 'u1' });
  });

  it('maps the empty 401 of a dead key to ERR_AUTH_UNAUTHORIZED without a retry', async () => {
    portal().pool.intercept({ path: '/api/2.0/people/@self', headers: authorized }).reply(401, '');
    await expect(client().get('/api/2.0/people/@self')).rejects.toMatchObject({
      code: 'ERR_AUTH_UNAUTHORIZED',
      status: 401,
    });
  });

  it('maps the empty 403 of an out-of-scope key to ERR_AUTH_FORBIDDEN', async () => {
    portal().pool.intercept({ path: '/api/2.0/people/@self', headers: authorized }).reply(403, '');
    await expect(client().get('/api/2.0/people/@self')).rejects.toMatchObject({
      code: 'ERR_AUTH_FORBIDDEN',
      status: 403,
    });
  });
});

describe('key management against a mocked portal', () => {
  it('creates a key: POST body as built, secret redacted', async () => {
    portal()
      .pool.intercept({
        path: '/api/2.0/keys',
        method: 'POST',
        headers: authorized,
        body: (body) =>
          JSON.stringify(JSON.parse(body)) ===
          '{"name":"ci-bot","permissions":["files:read"],"expiresInDays":30}',
      })
      .reply(200, createdKeyResponse, JSON_HEADERS);
    const created = await createApiKey(client(), {
      name: 'ci-bot',
      permissions: ['files:read'],
      expiresInDays: 30,
    });
    expect(created.secret.reveal()).toBe(FULL_KEY);
    expect(JSON.stringify(created)).not.toContain(FULL_KEY);
  });

  it('turns the 403 "Access denied" envelope for guests into ERR_AUTH_FORBIDDEN', async () => {
    portal()
      .pool.intercept({ path: '/api/2.0/keys', method: 'POST' })
      .reply(403, docSpaceErrorEnvelope('Access denied', 403), JSON_HEADERS);
    await expect(createApiKey(client(), { name: 'guest-key' })).rejects.toMatchObject({
      code: 'ERR_AUTH_FORBIDDEN',
      serverMessage: 'Access denied',
    });
  });

  it('lists keys, the current key and permissions', async () => {
    const pool = portal().pool;
    pool.intercept({ path: '/api/2.0/keys', headers: authorized }).reply(200, keyListResponse, JSON_HEADERS);
    pool
      .intercept({ path: '/api/2.0/keys/@self', headers: authorized })
      .reply(200, { ...keyListResponse, response: keyListResponse.response[0], count: 1 }, JSON_HEADERS);
    pool.intercept({ path: '/api/2.0/keys/permissions' }).reply(200, permissionsResponse, JSON_HEADERS);
    expect((await listApiKeys(client())).map((key) => key.name)).toEqual(['ci-bot', 'backup']);
    expect((await getCurrentApiKey(client())).permissions).toEqual(['files:read', 'rooms:read']);
    expect(await listApiKeyPermissions(client())).toContain('accounts.self:write');
  });

  it('updates and deletes by GUID', async () => {
    const pool = portal().pool;
    pool
      .intercept({ path: `/api/2.0/keys/${ID}`, method: 'PUT', body: '{"isActive":false}' })
      .reply(200, booleanResponse, JSON_HEADERS);
    pool
      .intercept({ path: `/api/2.0/keys/${ID}`, method: 'DELETE' })
      .reply(200, { ...booleanResponse, response: false }, JSON_HEADERS);
    expect(await updateApiKey(client(), ID, { isActive: false })).toBe(true);
    expect(await deleteApiKey(client(), ID)).toBe(false);
  });

  it('validateApiKey says invalid on the empty 401 of /keys/@self', async () => {
    portal().pool.intercept({ path: '/api/2.0/keys/@self' }).reply(401, '');
    expect(await validateApiKey(client())).toEqual({ valid: false, reason: 'unauthorized' });
  });
});
