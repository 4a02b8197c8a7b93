import { afterEach, describe, expect, it, vi } from 'vitest';
import { Deadline, runWithTimeout } from './http.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('Deadline', () => {
  it('aborts its own signal at its own deadline with a TimeoutError, and no other', () => {
    vi.useFakeTimers({ now: 1_000_003 });
    const deadlines = Array.from({ length: 9 }, () => new Deadline(1_000));
    expect(new Set(deadlines.map((deadline) => deadline.signal)).size).toBe(9);
    vi.advanceTimersByTime(500);
    const later = new Deadline(1_000);

    vi.advanceTimersByTime(499);
    expect(deadlines[0]?.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(deadlines.every((deadline) => deadline.signal.aborted && deadline.expired)).toBe(true);
    expect(deadlines[0]?.signal.reason).toMatchObject({
      name: 'TimeoutError',
      message: 'The operation timed out.',
    });
    expect(later.signal.aborted).toBe(false);
    vi.advanceTimersByTime(500);
    expect(later.signal.aborted).toBe(true);
  });

  it('never aborts once released, and follows the caller signal until then', () => {
    vi.useFakeTimers({ now: 2_000_000 });
    const released = new Deadline(1_000);
    released.release();
    vi.advanceTimersByTime(2_000);
    expect(released.signal.aborted).toBe(false);

    const caller = new AbortController();
    const followed = new Deadline(1_000, caller.signal);
    caller.abort(new Error('user cancelled'));
    expect(followed.signal.reason).toMatchObject({ message: 'user cancelled' });
    expect(followed.expired).toBe(false);
    vi.advanceTimersByTime(2_000);
    expect(followed.expired).toBe(false);

    const forgotten = new AbortController();
    const done = new Deadline(1_000, forgotten.signal);
    done.release();
    forgotten.abort(new Error('late'));
    expect(done.signal.aborted).toBe(false);
    expect(new Deadline(1_000, AbortSignal.abort(new Error('early'))).signal.reason).toMatchObject({
      message: 'early',
    });
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
