import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createStaticStrategy } from './create-static-strategy.js';

const SECRET = 'sk-static-secret-value';

describe('createStaticStrategy', () => {
  it('hands out the same frozen credentials every time, synchronously too', async () => {
    const auth = createStaticStrategy({
      kind: 'key',
      scheme: 'Bearer',
      headers: { Authorization: `Bearer ${SECRET}` },
    });
    const first = await auth.authenticate();
    expect(first).toEqual({ scheme: 'Bearer', headers: { authorization: `Bearer ${SECRET}` } });
    expect(await auth.authenticate()).toBe(first);
    expect(auth.peekCredentials?.()).toBe(first);
    expect(Object.isFrozen(auth)).toBe(true);
    expect(auth.invalidate).toBeUndefined();
  });

  it('prints as its label, never the secret', () => {
    const auth = createStaticStrategy({
      kind: 'key',
      label: 'KeyAuth',
      scheme: 'Bearer',
      headers: { authorization: SECRET },
    });
    expect([String(auth), JSON.parse(JSON.stringify(auth)), inspect(auth)]).toEqual(
      Array(3).fill('KeyAuth [redacted]'),
    );
  });

  it('rejects with the reason of an aborted signal', async () => {
    const auth = createStaticStrategy({ kind: 'key', scheme: 'Bearer', headers: { authorization: SECRET } });
    const reason = new Error('stop');
    await expect(auth.authenticate({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('names the option and never quotes a header value', () => {
    expect(() => createStaticStrategy({ kind: '', scheme: 'Bearer', headers: {} })).toThrow(
      expect.objectContaining({ code: 'ERR_AUTH_INVALID_OPTION', option: 'kind' }),
    );
    const bad = () =>
      createStaticStrategy({
        kind: 'key',
        scheme: 'Bearer',
        headers: { authorization: `${SECRET}\r\nx: 1` },
      });
    expect(bad).toThrow(
      expect.objectContaining({ code: 'ERR_AUTH_INVALID_HEADER', option: 'headers.authorization' }),
    );
    expect(bad).not.toThrow(SECRET);
  });
});
