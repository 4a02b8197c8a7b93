import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.js';

const now = Date.parse('2026-11-29T10:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '30' }), now)).toBe(30_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Sun, 29 Nov 2026 10:01:00 GMT' }), now)).toBe(
      60_000,
    );
  });

  it("reads X-RateLimit-Reset in seconds, epoch seconds, and the identity service's nanoseconds", () => {
    expect(parseRetryAfter(new Headers({ 'x-ratelimit-reset': '42' }), now)).toBe(42_000);
    expect(parseRetryAfter(new Headers({ 'x-ratelimit-reset': String(now / 1000 + 5) }), now)).toBe(5_000);
    expect(parseRetryAfter(new Headers({ 'x-ratelimit-reset': '7000000000' }), now)).toBe(7_000);
  });

  it('prefers Retry-After, caps at a day and ignores garbage', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '1', 'x-ratelimit-reset': '99' }), now)).toBe(1_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '999999999' }), now)).toBe(86_400_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
  });
});
