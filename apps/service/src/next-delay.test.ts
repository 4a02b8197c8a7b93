import { describe, expect, it } from 'vitest';
import { nextDelayMs } from './next-delay.js';

const base = { intervalMs: 1_000, maxBackoffMs: 10_000 };

describe('nextDelayMs', () => {
  it('keeps the schedule after a success', () => {
    expect(nextDelayMs({ ...base, failures: 0, retryAfterMs: 30_000 })).toBe(1_000);
  });

  it('doubles per failure in a row, up to maxBackoffMs', () => {
    expect([1, 2, 3, 4, 5].map((failures) => nextDelayMs({ ...base, failures }))).toEqual([
      2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
  });

  it("honours the server's Retry-After, even above maxBackoffMs", () => {
    expect(nextDelayMs({ ...base, failures: 1, retryAfterMs: 30_000 })).toBe(30_000);
  });

  it('never waits less than the interval', () => {
    expect(nextDelayMs({ ...base, failures: 1, retryAfterMs: 10 })).toBe(1_000);
    expect(nextDelayMs({ intervalMs: 5_000, maxBackoffMs: 1_000, failures: 3 })).toBe(5_000);
  });
});
