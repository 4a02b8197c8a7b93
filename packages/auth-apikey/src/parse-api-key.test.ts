import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createdKeyResponse,
  FULL_KEY,
  keyListResponse,
  permissionsResponse,
} from './__fixtures__/api-keys.js';
import {
  parseApiKey,
  parseApiKeyList,
  parseApiKeyPermissions,
  parseBooleanResponse,
  parseCreatedApiKey,
} from './parse-api-key.js';

function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  return 'did not throw';
}

describe('parseCreatedApiKey', () => {
  it('wraps the full key in a Secret and keeps only the masked form in plain fields', () => {
    const created = parseCreatedApiKey(createdKeyResponse.response);
    expect(created.secret.reveal()).toBe(FULL_KEY);
    expect(created).toMatchObject({
      id: '3f0c5d2e-8a1b-4c6d-9e0f-1a2b3c4d5e6f',
      name: 'ci-bot',
      maskedKey: 'sk-***1a2b',
      keyPostfix: '1a2b',
      permissions: ['files:read', 'rooms:read'],
      isActive: true,
      createBy: { id: '66faa6e4-f133-11ea-b126-00ffeec8b4ef', displayName: 'Jane Doe', hasAvatar: true },
    });
    expect(created.expiresAt?.raw).toBe('2026-12-29T11:50:00.0000000+03:00');
    expect(created.expiresAt?.date.toISOString()).toBe('2026-12-29T08:50:00.000Z');
    for (const printed of [JSON.stringify(created), inspect(created, { depth: 5 }), String(created.secret)]) {
      expect(printed).not.toContain(FULL_KEY);
    }
  });

  it('refuses a create response without the full key, without echoing it', () => {
    const masked = { ...createdKeyResponse.response, key: 'sk-***1a2b' };
    expect(failure(() => parseCreatedApiKey(masked))).toEqual({
      code: 'ERR_AUTH_BAD_RESPONSE',
      message: '"response.key" must be a full "sk-" key in the create response',
    });
  });
});

describe('parseApiKeyList', () => {
  it('parses every key with its dates, [] meaning full access', () => {
    const [first, second] = parseApiKeyList(keyListResponse.response);
    expect(first?.lastUsed?.date.toISOString()).toBe('2026-11-30T05:15:42.123Z');
    expect(second).toMatchObject({
      name: 'backup',
      maskedKey: 'sk-***c0de',
      permissions: [],
      isActive: false,
    });
    expect(second?.expiresAt).toBeUndefined();
    expect(second?.createOn?.date.toISOString()).toBe('2026-01-05T09:00:00.000Z');
  });

  it('names the broken field by index', () => {
    const broken = [keyListResponse.response[0], { ...keyListResponse.response[1], id: 7 }];
    expect(failure(() => parseApiKeyList(broken))).toEqual({
      code: 'ERR_AUTH_BAD_RESPONSE',
      message: '"response[1].id" must be a string',
    });
    expect(failure(() => parseApiKeyList({}))).toEqual({
      code: 'ERR_AUTH_BAD_RESPONSE',
      message: '"response" must be an array',
    });
  });
});

describe('parseApiKey', () => {
  it('never keeps a full key that shows up outside the create response', () => {
    const parsed = parseApiKey({ ...keyListResponse.response[0], key: FULL_KEY });
    expect(parsed.maskedKey).toBe('sk-***1a2b');
    expect(JSON.stringify(parsed)).not.toContain(FULL_KEY);
  });

  it('rejects bad shapes with the field name', () => {
    const base = keyListResponse.response[0]!;
    expect(failure(() => parseApiKey(null))).toEqual({
      code: 'ERR_AUTH_BAD_RESPONSE',
      message: '"response" must be an object',
    });
    expect(failure(() => parseApiKey({ ...base, permissions: 'files:read' }))).toEqual({
      code: 'ERR_AUTH_BAD_RESPONSE',
      message: '"response.permissions" must be an array of strings',
    });
    expect(failure(() => parseApiKey({ ...base, isActive: 'yes' }))).toEqual({
      code: 'ERR_AUTH_BAD_RESPONSE',
      message: '"response.isActive" must be a boolean',
    });
    expect(failure(() => parseApiKey({ ...base, lastUsed: 'yesterday' }))).toEqual({
      code: 'ERR_AUTH_BAD_RESPONSE',
      message: '"response.lastUsed" is not an ISO-8601 date',
    });
  });
});

describe('parseApiKeyPermissions and parseBooleanResponse', () => {
  it('parse their payloads', () => {
    expect(parseApiKeyPermissions(permissionsResponse.response)).toHaveLength(11);
    expect(parseBooleanResponse(false)).toBe(false);
  });

  it('reject anything else', () => {
    expect(failure(() => parseApiKeyPermissions(['*', 1]))).toEqual({
      code: 'ERR_AUTH_BAD_RESPONSE',
      message: '"response" must be an array of strings',
    });
    expect(failure(() => parseBooleanResponse('true'))).toEqual({
      code: 'ERR_AUTH_BAD_RESPONSE',
      message: '"response" must be true or false',
    });
  });
});
