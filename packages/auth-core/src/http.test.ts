import { afterEach, describe, expect, it, vi } from 'vitest';
import { deadlineSignal, runWithTimeout } from './http.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('deadlineSignal', () => {
  it('shares one signal among at most 8 requests and aborts the ones still running at the deadline', () => {
    // 1 % of 1 000 ms: the deadline of a request at 1 000 003 is rounded up to 1 001 010.
    vi.useFakeTimers({ now: 1_000_003 });
    const slots = Array.from({ length: 9 }, () => deadlineSignal(1_000));
    expect(new Set(slots.map((slot) => slot.signal)).size).toBe(2);

    vi.advanceTimersByTime(1_006);
    expect(slots[0]?.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(slots.every((slot) => slot.signal.aborted)).toBe(true);
    expect(slots[0]?.signal.reason).toMatchObject({
      name: 'TimeoutError',
      message: 'The operation timed out.',
    });
  });

  it('never aborts a signal whose requests have all released it, and gives later requests a new one', () => {
    vi.useFakeTimers({ now: 2_000_000 });
    const first = deadlineSignal(1_000);
    const second = deadlineSignal(1_000);
    expect(second.signal).toBe(first.signal);
    first.release();
    second.release();
    const third = deadlineSignal(1_000);
    expect(third.signal).not.toBe(first.signal);

    vi.advanceTimersByTime(2_000);
    expect(first.signal.aborted).toBe(false);
    expect(third.signal.aborted).toBe(true);
  });
});

describe('runWithTimeout', () => {
  it('turns the deadline into ERR_AUTH_TIMEOUT and a caller abort into its own reason', async () => {
    await expect(
      runWithTimeout(
        20,
        undefined,
        'GET /slow',
        (signal) =>
          new Promise((_resolve, reject) => {
            signal.addEventListener('abort', () => reject(signal.reason));
          }),
      ),
    ).rejects.toMatchObject({ code: 'ERR_AUTH_TIMEOUT', message: 'GET /slow took longer than 20 ms' });

    const controller = new AbortController();
    const pending = runWithTimeout(
      60_000,
      controller.signal,
      'GET /x',
      (signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    );
    controller.abort(new Error('user cancelled'));
    await expect(pending).rejects.toThrow('user cancelled');
  });
});
