import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Deadline,
  detectUnfollowedMode,
  isRefusedRedirect,
  runWithTimeout,
  unfollowedRedirectMode,
} from './http.js';

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

describe('unfollowedRedirectMode', () => {
  const node = { versions: { node: '24.0.0' } };
  // Cloudflare Workers' Request constructor (workerd 2026-11), which rejects 'error'.
  class WorkersRequest {
    constructor(_url: string, init?: { redirect?: string }) {
      if (init?.redirect === 'error')
        throw new TypeError('Invalid redirect value, must be one of "follow" or "manual"');
    }
  }

  it("picks 'error' where a Node-like runtime's Request takes it, 'manual' in Workers and browsers", () => {
    expect(unfollowedRedirectMode()).toBe('error'); // this Node
    expect(detectUnfollowedMode({ process: node, Request })).toBe('error');
    expect(detectUnfollowedMode({ process: node, Request: WorkersRequest })).toBe('manual');
    expect(detectUnfollowedMode({ Request })).toBe('manual'); // a browser: no process
    expect(detectUnfollowedMode({ process: {}, Request })).toBe('manual');
    expect(detectUnfollowedMode({ process: node })).toBe('manual');
  });

  it('tells a refused redirect from a transport failure, in the words of undici, Bun and Deno', () => {
    const undici = new TypeError('fetch failed', { cause: new Error('unexpected redirect') });
    const bun = new TypeError('UnexpectedRedirect fetching "http://127.0.0.1:1/t".');
    const deno = new TypeError("Fetch failed: Encountered redirect while redirect mode is set to 'error'");
    for (const error of [undici, bun, deno]) expect(isRefusedRedirect(error)).toBe(true);
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    const workers = new TypeError('Invalid redirect value, must be one of "follow" or "manual"');
    for (const error of [refused, workers, new Error('unexpected redirect'), 'unexpected redirect'])
      expect(isRefusedRedirect(error)).toBe(false);
  });

  it("makes this runtime's fetch refuse a real redirect recognisably, the Location never requested", async () => {
    const paths: string[] = [];
    const server = createServer((request, response) => {
      paths.push(request.url ?? '');
      response.writeHead(307, { location: '/stolen' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const sent = fetch(`http://127.0.0.1:${port}/token`, {
        method: 'POST',
        body: new URLSearchParams({ refresh_token: 'r-1' }),
        redirect: unfollowedRedirectMode(),
      });
      const error = await sent.then(
        () => undefined,
        (rejection: unknown) => rejection,
      );
      expect(isRefusedRedirect(error)).toBe(true);
      expect(paths).toEqual(['/token']);
    } finally {
      server.close();
    }
  });
});
