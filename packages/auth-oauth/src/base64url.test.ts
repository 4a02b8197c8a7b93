import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from './base64url.js';

describe('constantTimeEqual', () => {
  it('is true exactly when the strings are ===', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
        expect(constantTimeEqual(a, a)).toBe(true);
      }),
    );
  });

  it('tells apart strings that differ only in a lone surrogate (an encoder would turn both into U+FFFD)', () => {
    expect(new TextEncoder().encode('\uD800')).toEqual(new TextEncoder().encode('\uDBFF'));
    expect(constantTimeEqual('state-\uD800', 'state-\uDBFF')).toBe(false);
  });

  it('compares a prefix, an empty string and a code unit 0 as different', () => {
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', 'a')).toBe(false);
    expect(constantTimeEqual('a\u0000', 'a')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });

  it('is false for anything but two strings', () => {
    expect(constantTimeEqual(undefined as unknown as string, 'a')).toBe(false);
    expect(constantTimeEqual('1', 1 as unknown as string)).toBe(false);
  });
});
