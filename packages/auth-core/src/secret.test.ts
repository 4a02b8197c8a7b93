import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createCredentials } from './credentials.js';
import { fingerprint, Secret } from './secret.js';

describe('Secret', () => {
  it('never shows its value in String, JSON or inspect', () => {
    const secret = new Secret('hunter2-password');
    expect(String(secret)).toBe('Secret [redacted]');
    expect(JSON.stringify({ secret })).toBe('{"secret":"Secret [redacted]"}');
    expect(inspect({ secret }, { depth: 5, showHidden: true })).not.toContain('hunter2');
    expect(secret.reveal()).toBe('hunter2-password');
  });

  it('fingerprints stably without revealing', async () => {
    const print = await fingerprint('sk-abc');
    expect(print).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(await fingerprint(new Secret('sk-abc'))).toBe(print);
    expect(await fingerprint('sk-abd')).not.toBe(print);
  });
});

describe('createCredentials', () => {
  it('redacts itself and its headers everywhere', () => {
    const credentials = createCredentials({
      scheme: 'Bearer',
      headers: { Authorization: 'Bearer top-secret' },
      generation: 3,
    });
    expect(credentials.headers.authorization).toBe('Bearer top-secret');
    for (const text of [
      String(credentials),
      JSON.stringify(credentials),
      inspect(credentials),
      inspect(credentials.headers),
      JSON.stringify(credentials.headers),
    ]) {
      expect(text).not.toContain('top-secret');
    }
    expect(Object.isFrozen(credentials)).toBe(true);
  });

  it('rejects header injection', () => {
    expect(() =>
      createCredentials({ scheme: 'Bearer', headers: { authorization: 'Bearer a\r\nX-Evil: 1' } }),
    ).toThrow(
      expect.objectContaining({
        code: 'ERR_AUTH_INVALID_HEADER',
        message: '"headers.authorization" contains a control character at position 8',
      }),
    );
    expect(() => createCredentials({ scheme: 'Bearer', headers: { 'bad name': 'x' } })).toThrow(
      '"headers.bad name" is not a valid header name',
    );
  });
});
