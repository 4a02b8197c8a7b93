import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiKeyPath, buildCreateApiKeyRequest, buildUpdateApiKeyRequest } from './request-api-keys.js';
import { API_KEY_PERMISSIONS } from './types.js';

const ID = '3f0c5d2e-8a1b-4c6d-9e0f-1a2b3c4d5e6f';

function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    const { code, message, option } = error as { code: string; message: string; option: string };
    return { code, message, option };
  }
  return 'did not throw';
}

describe('buildCreateApiKeyRequest', () => {
  it('builds the body with only the options given', () => {
    expect(buildCreateApiKeyRequest({ name: 'ci-bot' })).toEqual({
      method: 'POST',
      path: '/api/2.0/keys',
      body: { name: 'ci-bot' },
    });
    expect(
      buildCreateApiKeyRequest({
        name: 'ci-bot',
        permissions: ['files:read', 'files:read', '*:read'],
        expiresInDays: 365,
      }).body,
    ).toEqual({ name: 'ci-bot', permissions: ['files:read', '*:read'], expiresInDays: 365 });
  });

  it('accepts every subset of the known permissions', () => {
    fc.assert(
      fc.property(fc.subarray([...API_KEY_PERMISSIONS]), (permissions) => {
        expect(buildCreateApiKeyRequest({ name: 'k', permissions }).body?.permissions).toEqual(permissions);
      }),
    );
  });

  it('checks name, permissions and expiresInDays', () => {
    expect(failure(() => buildCreateApiKeyRequest({ name: 'x'.repeat(31) }))).toEqual({
      code: 'ERR_AUTH_INVALID_OPTION',
      message: '"name" must be at most 30 characters (got 31)',
      option: 'name',
    });
    expect(failure(() => buildCreateApiKeyRequest({ name: '  ' }))).toEqual({
      code: 'ERR_AUTH_INVALID_OPTION',
      message: '"name" must be a non-empty string',
      option: 'name',
    });
    expect(
      failure(() =>
        buildCreateApiKeyRequest({ name: 'k', permissions: ['files:read', 'files:delete' as never] }),
      ),
    ).toMatchObject({ code: 'ERR_AUTH_INVALID_OPTION', option: 'permissions[1]' });
    for (const expiresInDays of [0, 366, 1.5, Number.NaN]) {
      expect(failure(() => buildCreateApiKeyRequest({ name: 'k', expiresInDays }))).toEqual({
        code: 'ERR_AUTH_INVALID_OPTION',
        message: '"expiresInDays" must be a whole number from 1 to 365',
        option: 'expiresInDays',
      });
    }
  });
});

describe('buildUpdateApiKeyRequest and apiKeyPath', () => {
  it('builds PUT /api/2.0/keys/{id} with the changes', () => {
    expect(buildUpdateApiKeyRequest(ID.toUpperCase(), { isActive: false, name: 'renamed' })).toEqual({
      method: 'PUT',
      path: `/api/2.0/keys/${ID}`,
      body: { isActive: false, name: 'renamed' },
    });
  });

  it('requires a GUID and at least one change', () => {
    expect(failure(() => apiKeyPath('../people/@self'))).toEqual({
      code: 'ERR_AUTH_INVALID_OPTION',
      message: '"id" must be a GUID',
      option: 'id',
    });
    expect(failure(() => buildUpdateApiKeyRequest(ID, {}))).toEqual({
      code: 'ERR_AUTH_INVALID_OPTION',
      message: '"changes" must set at least one of "name", "permissions", "isActive"',
      option: 'changes',
    });
    expect(failure(() => buildUpdateApiKeyRequest(ID, { isActive: 'no' as never }))).toMatchObject({
      option: 'isActive',
    });
  });
});
