import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertBasicCredentialPart, encodeBasicCredentials } from './encode-basic-credentials.js';

function decode(encoded: string): string {
  const binary = atob(encoded);
  return new TextDecoder('utf-8', { fatal: true }).decode(
    Uint8Array.from(binary, (char) => char.charCodeAt(0)),
  );
}

// Arbitrary well-formed unicode without control characters (and, for the user id, without ':').
const part = (excluded: RegExp): fc.Arbitrary<string> =>
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
    .map((value) => value.replace(excluded, ''))
    .filter((value) => value.length > 0);
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const CONTROL_OR_COLON = /[\u0000-\u001f\u007f-\u009f:]/g;

describe('encodeBasicCredentials', () => {
  it('matches the RFC 7617 examples', () => {
    expect(encodeBasicCredentials('Aladdin', 'open sesame')).toBe('QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    expect(encodeBasicCredentials('test', '123\u00a3')).toBe('dGVzdDoxMjPCow==');
  });

  it('round-trips any unicode user id and password through UTF-8 and base64', () => {
    fc.assert(
      fc.property(part(CONTROL_OR_COLON), part(CONTROL), (userId, password) => {
        const encoded = encodeBasicCredentials(userId, password);
        expect(encoded).toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
        const decoded = decode(encoded);
        const colon = decoded.indexOf(':');
        expect([decoded.slice(0, colon), decoded.slice(colon + 1)]).toEqual([userId, password]);
      }),
    );
  });

  it('rejects any control character in either part without echoing the value', () => {
    fc.assert(
      fc.property(
        part(CONTROL_OR_COLON),
        fc.integer({ min: 0, max: 0x9f }).filter((code) => code < 0x20 || code >= 0x7f),
        fc.boolean(),
        (text, code, inPassword) => {
          const bad = `${text}${String.fromCharCode(code)}${text}`;
          const call = inPassword
            ? () => encodeBasicCredentials('jane', bad)
            : () => encodeBasicCredentials(bad, 'pw');
          const option = inPassword ? 'password' : 'email';
          expect(call).toThrow(
            expect.objectContaining({
              code: 'ERR_AUTH_INVALID_OPTION',
              message: `"${option}" must not contain control characters`,
            }),
          );
        },
      ),
    );
  });

  it('rejects a colon in the user id but allows it in the password', () => {
    expect(() => encodeBasicCredentials('ja:ne', 'pw')).toThrow(
      expect.objectContaining({
        code: 'ERR_AUTH_INVALID_OPTION',
        option: 'email',
        message: '"email" must not contain ":" (RFC 7617 cannot encode it in a user id)',
      }),
    );
    expect(decode(encodeBasicCredentials('jane', 'a:b:c'))).toBe('jane:a:b:c');
  });
});

describe('assertBasicCredentialPart', () => {
  it('rejects empty values, non-strings and lone surrogates', () => {
    for (const value of ['', undefined, 42]) {
      expect(() => assertBasicCredentialPart(value, 'password')).toThrow(
        expect.objectContaining({
          code: 'ERR_AUTH_INVALID_OPTION',
          message: '"password" must be a non-empty string',
        }),
      );
    }
    expect(() => assertBasicCredentialPart('ab\ud800c', 'password')).toThrow(
      expect.objectContaining({
        code: 'ERR_AUTH_INVALID_OPTION',
        message: '"password" must be well-formed unicode',
      }),
    );
    expect(() => assertBasicCredentialPart('emoji \u{1f600}', 'password')).not.toThrow();
  });
});
