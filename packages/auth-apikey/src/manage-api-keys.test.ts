import { AuthHttpError } from '@ds/auth-core';
import { describe, expect, it, vi } from 'vitest';
import { keyListResponse } from './__fixtures__/api-keys.js';
import { type ApiKeyClient, deleteApiKey, getCurrentApiKey, validateApiKey } from './manage-api-keys.js';

function fakeClient(get: (path: string, options?: unknown) => Promise<unknown>): ApiKeyClient {
  const unused = () => Promise.reject(new Error('not expected'));
  return { get: get as ApiKeyClient['get'], post: unused, put: unused, delete: vi.fn(unused) };
}

describe('validateApiKey', () => {
  it('resolves valid with the parsed key', async () => {
    const client = fakeClient(async () => keyListResponse.response[0]);
    await expect(validateApiKey(client)).resolves.toMatchObject({ valid: true, key: { name: 'ci-bot' } });
  });

  it('resolves invalid on 401', async () => {
    const client = fakeClient(() =>
      Promise.reject(new AuthHttpError('ERR_AUTH_UNAUTHORIZED', 'the portal answered 401', { status: 401 })),
    );
    await expect(validateApiKey(client)).resolves.toEqual({ valid: false, reason: 'unauthorized' });
  });

  it('rethrows everything else', async () => {
    const error = new AuthHttpError('ERR_AUTH_SERVER_ERROR', 'the portal answered 503', { status: 503 });
    await expect(validateApiKey(fakeClient(() => Promise.reject(error)))).rejects.toBe(error);
  });
});

describe('key management requests', () => {
  it('pass the signal through to the client', async () => {
    const signal = new AbortController().signal;
    const get = vi.fn(async () => keyListResponse.response[0]);
    await getCurrentApiKey(fakeClient(get), { signal });
    expect(get).toHaveBeenCalledWith('/api/2.0/keys/@self', { signal });
  });

  it('validate the id before any request', async () => {
    const client = fakeClient(async () => true);
    await expect(deleteApiKey(client, 'not-a-guid')).rejects.toMatchObject({
      code: 'ERR_AUTH_INVALID_OPTION',
      message: '"id" must be a GUID',
    });
    expect(client.delete).not.toHaveBeenCalled();
  });
});
