import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createApiKeyAuth } from './create-api-key-auth.js';

const KEY = `sk-${'0123456789abcdef'.repeat(4)}`;

describe('createApiKeyAuth', () => {
  it('sends exactly "Bearer " and the key', async () => {
    const auth = createApiKeyAuth({ apiKey: KEY });
    expect(auth.kind).toBe('apikey');
    const credentials = await auth.authenticate();
    expect(credentials.scheme).toBe('Bearer');
    expect(credentials.headers).toEqual({ authorization: `Bearer ${KEY}` });
    expect(credentials.expiresAt).toBeUndefined();
  });

  it('has no invalidate: a 401 for a key is terminal', () => {
    const auth = createApiKeyAuth({ apiKey: KEY });
    expect(auth.invalidate).toBeUndefined();
    expect(auth.revoke).toBeUndefined();
  });

  it('redacts itself', () => {
    const auth = createApiKeyAuth({ apiKey: KEY });
    expect([String(auth), JSON.stringify(auth), inspect(auth)]).toEqual([
      'ApiKeyAuth [redacted]',
      '"ApiKeyAuth [redacted]"',
      'ApiKeyAuth [redacted]',
    ]);
  });

  it('rejects with the reason of an aborted signal', async () => {
    const reason = new Error('stop');
    await expect(
      createApiKeyAuth({ apiKey: KEY }).authenticate({ signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
  });

  it('throws AuthConfigError for a malformed key, naming the problem, not the key', () => {
    expect(() => createApiKeyAuth({ apiKey: KEY.slice(0, -2) })).toThrow(
      expect.objectContaining({
        code: 'ERR_AUTH_INVALID_OPTION',
        option: 'apiKey',
        message: '"apiKey" must have 64 lowercase hex characters after "sk-"',
      }),
    );
    expect(() => createApiKeyAuth(null as never)).toThrow(
      expect.objectContaining({ code: 'ERR_AUTH_INVALID_OPTION', message: '"options" must be an object' }),
    );
  });
});
