import { Agent, type Dispatcher } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoPortal, type DemoPortal } from '../src/demo-portal.js';
import { createRoomsWorker } from '../src/index.js';
import { instantClock, memoryLogger, stopAfter } from './helpers.js';

let portal: DemoPortal;
beforeEach(async () => {
  portal = await startDemoPortal();
});
afterEach(async () => {
  await portal.close();
});

const roomRequests = () =>
  portal.emulator.requests.filter((entry) => entry.method === 'GET' && entry.path === '/api/2.0/files/rooms');

describe('createRoomsWorker against the emulator', () => {
  it('lists the rooms with the full-access key, sent as Bearer sk-…, and logs its fingerprint only', async () => {
    const logger = memoryLogger();
    const worker = createRoomsWorker({ baseUrl: portal.url, apiKey: portal.keys.full, once: true, logger });
    const result = await worker.done;
    expect(result.reason).toBe('once');
    expect(result.last).toMatchObject({
      ok: true,
      page: { total: 2, rooms: [{ title: 'Contracts' }, { title: 'Marketing' }] },
    });
    // The emulator's scheme selector picks `api-key` only for `Authorization: Bearer sk-…`.
    expect(roomRequests()).toEqual([expect.objectContaining({ status: 200, scheme: 'api-key' })]);
    expect(logger.lines).toEqual([
      expect.stringMatching(
        /^info run 1: 2 rooms: "Contracts", "Marketing"; stopping \(key sha256:[0-9a-f]{12}\)$/,
      ),
    ]);
    expect(logger.lines.join('\n')).not.toContain(portal.keys.full.slice(3));
  });

  it('turns 403 for a key without rooms:read into a typed error with a hint, and keeps the schedule', async () => {
    const controller = new AbortController();
    const { clock, sleeps } = instantClock();
    const { outcomes, onRun } = stopAfter(2, controller);
    const logger = memoryLogger();
    const worker = createRoomsWorker({
      baseUrl: portal.url,
      apiKey: portal.keys.narrow,
      intervalMs: 5_000,
      signal: controller.signal,
      clock,
      logger,
      onRun,
    });
    expect(await worker.done).toMatchObject({ reason: 'aborted', runs: 2 });
    const [first] = outcomes;
    if (first?.ok !== false) throw new Error('expected a failed run');
    expect(first.error).toMatchObject({
      code: 'ERR_AUTH_FORBIDDEN',
      message: `GET ${portal.url}/api/2.0/files/rooms failed with 403 (forbidden: the credentials lack a permission or scope for this call)`,
      status: 403,
    });
    expect(first.failure).toMatchObject({
      message: 'the key lacks the rooms:read permission (403)',
      hint: 'create one with rooms:read or *:read',
    });
    expect(sleeps).toEqual([5_000, 5_000]); // the second wait is the one the abort ended
    expect(logger.lines[0]).toMatch(
      /^error run 1: ERR_AUTH_FORBIDDEN .*hint: create one with rooms:read or \*:read/,
    );
    expect(roomRequests().map((entry) => [entry.status, entry.scheme])).toEqual([
      [403, 'api-key'],
      [403, 'api-key'],
    ]);
  });

  it('stops after one run when the key is invalid (401 is final for API keys)', async () => {
    const { clock, sleeps } = instantClock();
    const logger = memoryLogger();
    const worker = createRoomsWorker({ baseUrl: portal.url, apiKey: `sk-${'0'.repeat(64)}`, clock, logger });
    const result = await worker.done;
    expect(result.reason).toBe('unauthorized');
    expect(result.runs).toBe(1);
    if (result.last?.ok !== false) throw new Error('expected a failed run');
    expect(result.last.error).toMatchObject({ code: 'ERR_AUTH_UNAUTHORIZED', status: 401 });
    expect(result.last.failure).toMatchObject({
      code: 'ERR_AUTH_UNAUTHORIZED',
      message: 'the key is invalid, expired or revoked (401)',
    });
    expect(sleeps).toEqual([]);
    expect(logger.lines).toEqual([
      expect.stringMatching(/^error run 1: .*revoked \(401\).*; stopping \(key/),
    ]);
  });

  it("backs off after a 429 for the server's Retry-After, then succeeds and keeps the schedule", async () => {
    portal.emulator.faults.add({
      path: '/api/2.0/files/rooms',
      kind: 'rate-limit',
      retryAfterSeconds: 30,
      times: 1,
    });
    const controller = new AbortController();
    const { clock, sleeps } = instantClock();
    const { outcomes, onRun } = stopAfter(2, controller);
    const worker = createRoomsWorker({
      baseUrl: portal.url,
      apiKey: portal.keys.full,
      intervalMs: 1_000,
      signal: controller.signal,
      clock,
      logger: memoryLogger(),
      onRun,
    });
    await worker.done;
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([false, true]);
    expect(outcomes[0]).toMatchObject({
      error: { code: 'ERR_AUTH_RATE_LIMITED', retryAfterMs: 30_000 },
      failure: { action: 'backoff' },
      nextDelayMs: 30_000,
    });
    expect(sleeps).toEqual([30_000, 1_000]);
    expect(roomRequests().map((entry) => entry.status)).toEqual([429, 200]);
  });

  it('backs off exponentially on 5xx without Retry-After and resets after a success', async () => {
    portal.emulator.faults.add({ path: '/api/2.0/files/rooms', kind: 'status', status: 503, times: 2 });
    const controller = new AbortController();
    const { clock, sleeps } = instantClock();
    const { outcomes, onRun } = stopAfter(3, controller);
    const options = { intervalMs: 1_000, signal: controller.signal, clock, logger: memoryLogger(), onRun };
    await createRoomsWorker({ baseUrl: portal.url, apiKey: portal.keys.full, ...options }).done;
    expect(outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.failure.code))).toEqual([
      'ERR_AUTH_SERVER_ERROR',
      'ERR_AUTH_SERVER_ERROR',
      'ok',
    ]);
    expect(sleeps).toEqual([2_000, 4_000, 1_000]); // back to the schedule after the success
  });

  it('never starts a run before the previous one has finished, even when requests outlast the interval', async () => {
    portal.emulator.faults.add({ path: '/api/2.0/files/rooms', kind: 'latency', ms: 20 });
    const controller = new AbortController();
    const { outcomes, onRun } = stopAfter(4, controller);
    const finishedWhenSent: number[] = [];
    // A base dispatcher (your proxy or test double): it sees each request as it goes out.
    const base: Dispatcher = new Agent().compose((dispatch) => (options, handler) => {
      finishedWhenSent.push(outcomes.length);
      return dispatch(options, handler);
    });
    const worker = createRoomsWorker({
      baseUrl: portal.url,
      apiKey: portal.keys.full,
      intervalMs: 1, // real timers, far shorter than a request
      signal: controller.signal,
      dispatcher: base,
      logger: memoryLogger(),
      onRun,
    });
    await worker.done;
    await base.close();
    expect(finishedWhenSent).toEqual([0, 1, 2, 3]);
  });

  it('stop() during the wait resolves done at once, without waiting for the interval', async () => {
    let resolveFirstRun: () => void = () => {};
    const firstRun = new Promise<void>((resolve) => {
      resolveFirstRun = resolve;
    });
    const controller = new AbortController();
    const worker = createRoomsWorker({
      baseUrl: portal.url,
      apiKey: portal.keys.full,
      intervalMs: 3_600_000, // real timer: if abort did not clear it, `done` would not resolve in the test timeout
      signal: controller.signal,
      logger: memoryLogger(),
      onRun: () => resolveFirstRun(),
    });
    await firstRun;
    controller.abort();
    expect(await worker.done).toMatchObject({ reason: 'aborted', runs: 1, last: { ok: true } });
  });

  it('aborting while a request is in flight cancels it and counts no run', async () => {
    const controller = new AbortController();
    const base = new Agent().compose((dispatch) => (options, handler) => {
      controller.abort(); // the request is on its way: stop now
      return dispatch(options, handler);
    });
    const logger = memoryLogger();
    const worker = createRoomsWorker({
      baseUrl: portal.url,
      apiKey: portal.keys.full,
      signal: controller.signal,
      dispatcher: base,
      logger,
    });
    expect(await worker.done).toEqual({ reason: 'aborted', runs: 0, last: undefined });
    expect(logger.lines).toEqual([]);
    await base.close();
  });
});
