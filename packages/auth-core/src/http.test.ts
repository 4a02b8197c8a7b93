import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Deadline,
  detectUnfollowedMode,
  isRefusedRedirect,
  readTextCapped,
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

/** A response whose body arrives in exactly these chunks, with no content-length. */
function chunked(chunks: Uint8Array[]): Response {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[pulled++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
  });
  return new Response(body);
}

describe('readTextCapped', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('joins the chunks before decoding, so a character split between two chunks survives', async () => {
    const whole = bytes('{"name":"Łukasz ✓ 𝄞"}');
    const cut = whole.indexOf(0xf0) + 2; // inside the four bytes of U+1D11E
    const parts = [whole.slice(0, 10), whole.slice(10, cut), whole.slice(cut)];
    expect(await readTextCapped(chunked(parts), 1_000)).toBe('{"name":"Łukasz ✓ 𝄞"}');
    expect(await readTextCapped(chunked([whole]), 1_000)).toBe('{"name":"Łukasz ✓ 𝄞"}');
  });

  it('reads no body, an empty body and empty chunks as the empty string', async () => {
    expect(await readTextCapped(new Response(null), 10)).toBe('');
    expect(await readTextCapped(chunked([]), 10)).toBe('');
    expect(await readTextCapped(chunked([new Uint8Array(0), bytes('ok')]), 10)).toBe('ok');
  });

  it('decodes one body without keeping state into the next (a truncated sequence ends as U+FFFD)', async () => {
    expect(await readTextCapped(chunked([bytes('a'), new Uint8Array([0xe2, 0x9c])]), 10)).toBe('a\ufffd');
    expect(await readTextCapped(chunked([new Uint8Array([0x93]), bytes('b')]), 10)).toBe('\ufffdb');
  });

  it('fails past the cap, counted over the chunks, and cancels the rest of the stream', async () => {
    let cancelled = false;
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        controller.enqueue(new Uint8Array(400));
      },
      cancel() {
        cancelled = true;
      },
    });
    await expect(readTextCapped(new Response(endless), 1_000)).rejects.toMatchObject({
      code: 'ERR_AUTH_RESPONSE_TOO_LARGE',
    });
    expect(cancelled).toBe(true);
    expect(sent).toBeLessThan(5);
    expect(
      await readTextCapped(chunked([new Uint8Array(500).fill(0x61), new Uint8Array(500).fill(0x62)]), 1_000),
    ).toHaveLength(1_000);
  });

  it('fails on a declared content-length over the cap without reading the body', async () => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(bytes('x'));
      },
    });
    const response = new Response(body, { headers: { 'content-length': '5000' } });
    await expect(readTextCapped(response, 1_000)).rejects.toMatchObject({
      code: 'ERR_AUTH_RESPONSE_TOO_LARGE',
      status: 200,
    });
    expect(pulls).toBeLessThanOrEqual(1); // at most what the stream queued on its own before cancel
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
