import { Secret } from '@ds/auth-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertApiKey, isApiKey } from './api-key-format.js';

const hexKey = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => `sk-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`);

function failure(value: unknown): unknown {
  try {
    assertApiKey(value);
  } catch (error) {
    const { code, message, option } = error as { code: string; message: string; option: string };
    return { code, message, option };
  }
  return 'did not throw';
}

describe('isApiKey and assertApiKey', () => {
  it('accept every sk- key of 32 random bytes in lowercase hex', () => {
    fc.assert(
      fc.property(hexKey, (key) => {
        expect(isApiKey(key)).toBe(true);
        expect(assertApiKey(key)).toBe(key);
        expect(assertApiKey(new Secret(key))).toBe(key);
      }),
    );
  });

  it('reject a key with any character changed to a non-hex one, never echoing it', () => {
    fc.assert(
      fc.property(
        hexKey,
        fc.integer({ min: 3, max: 66 }),
        fc.constantFrom('G', 'A', 'z', ' ', '-', 'é'),
        (key, at, char) => {
          const broken = key.slice(0, at) + char + key.slice(at + 1);
          expect(isApiKey(broken)).toBe(false);
          const error = failure(broken) as { message: string };
          expect(error).toMatchObject({ code: 'ERR_AUTH_INVALID_OPTION', option: 'apiKey' });
          expect(error.message).not.toContain(broken.slice(3, 20));
        },
      ),
    );
  });

  it('names each problem', () => {
    const key = `sk-${'ab'.repeat(32)}`;
    const expectations: Array<[unknown, string]> = [
      [undefined, '"apiKey" must be a non-empty string'],
      ['', '"apiKey" must be a non-empty string'],
      [` ${key}`, '"apiKey" has leading or trailing white space'],
      [`Bearer ${key}`, '"apiKey" must be the key alone, without the "Bearer " prefix'],
      [`pk-${'ab'.repeat(32)}`, '"apiKey" must start with "sk-"'],
      [
        'sk-***abab',
        '"apiKey" is a masked key ("sk-***…"); DocSpace shows the full key only once, when it is created',
      ],
      [key.toUpperCase().replace('SK-', 'sk-'), '"apiKey" must have 64 lowercase hex characters after "sk-"'],
      [key.slice(0, -1), '"apiKey" must have 64 lowercase hex characters after "sk-"'],
      [`${key}ab`, '"apiKey" must have 64 lowercase hex characters after "sk-"'],
    ];
    for (const [value, message] of expectations) {
      expect(failure(value)).toEqual({ code: 'ERR_AUTH_INVALID_OPTION', message, option: 'apiKey' });
    }
  });
});
