import { describe, expect, it } from 'vitest';
import { adminToken, call, postForm, start } from './helpers.js';

describe('fault switches', () => {
  it('answers a 5xx with the JSON error envelope on API paths, a set number of times', async () => {
    const emulator = await start();
    const handle = emulator.faults.add({
      path: '/api/2.0/capabilities',
      kind: 'status',
      status: 503,
      times: 1,
    });
    const failed = await call(`${emulator.url}/api/2.0/capabilities`);
    expect(failed.status).toBe(503);
    expect(failed.json).toMatchObject({ status: 1, statusCode: 503 });
    expect(handle.remaining).toBe(0);
    expect((await call(`${emulator.url}/api/2.0/capabilities`)).status).toBe(200);
    expect(emulator.requests.map((entry) => [entry.status, entry.fault])).toEqual([
      [503, 'status'],
      [200, undefined],
    ]);
  });

  it('sends malformed JSON with a 200', async () => {
    const emulator = await start();
    emulator.faults.add({ path: /authentication$/, method: 'POST', kind: 'malformed-json' });
    const res = await call(`${emulator.url}/api/2.0/authentication`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it('sends an nginx HTML error page', async () => {
    const emulator = await start();
    emulator.faults.add({ path: '/oauth2/*', kind: 'html' });
    const res = await postForm(`${emulator.url}/oauth2/token`, {});
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain('<center>nginx</center>');
  });

  it('resets the connection', async () => {
    const emulator = await start();
    emulator.faults.add({ path: '/api/2.0/settings', kind: 'reset' });
    await expect(fetch(`${emulator.url}/api/2.0/settings`)).rejects.toThrow();
    expect(emulator.requests.at(-1)).toMatchObject({ status: 0, fault: 'reset' });
  });

  it('answers 429 with and without Retry-After', async () => {
    const emulator = await start();
    emulator.faults.add({ path: '/api/2.0/files/rooms', kind: 'rate-limit', retryAfterSeconds: 7, times: 1 });
    emulator.faults.add({ path: '/api/2.0/files/rooms', kind: 'rate-limit', times: 1 });
    const token = await adminToken(emulator);
    const first = await call(`${emulator.url}/api/2.0/files/rooms`, { headers: { authorization: token } });
    expect([first.status, first.text, first.headers.get('retry-after')]).toEqual([429, '', '7']);
    const second = await call(`${emulator.url}/api/2.0/files/rooms`, { headers: { authorization: token } });
    expect([second.status, second.headers.get('retry-after')]).toEqual([429, null]);
    expect(second.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(
      (await call(`${emulator.url}/api/2.0/files/rooms`, { headers: { authorization: token } })).status,
    ).toBe(200);
  });

  it('delays with latency and then answers normally; clear() removes every fault', async () => {
    const emulator = await start();
    emulator.faults.add({ path: '/api/2.0/capabilities', kind: 'latency', ms: 30 });
    emulator.faults.add({ path: '/api/2.0/settings', kind: 'status' });
    const res = await call(`${emulator.url}/api/2.0/capabilities`);
    expect(res.status).toBe(200);
    expect(emulator.requests.at(-1)!.fault).toBe('latency');
    expect(emulator.faults.list()).toHaveLength(2);
    emulator.faults.clear();
    expect((await call(`${emulator.url}/api/2.0/settings`)).status).toBe(200);
  });

  it('validates fault kinds', async () => {
    const emulator = await start();
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input
    expect(() => emulator.faults.add({ path: '/', kind: 'explode' as any })).toThrow(
      '"kind" must be one of latency, status, malformed-json, html, reset, rate-limit',
    );
  });
});

describe('clock and options', () => {
  it('accepts an injected clock and advances it', async () => {
    let now = Date.UTC(2030, 0, 1);
    const emulator = await start({ clock: { now: () => now } });
    expect(emulator.clock.now()).toBe(now);
    now += 1000;
    emulator.clock.advance(500);
    expect(emulator.clock.now()).toBe(Date.UTC(2030, 0, 1) + 1500);
  });

  it('rejects bad options with a TypeError naming the option', async () => {
    await expect(start({ rateLimit: { get: 1.5 } })).rejects.toThrow(
      '"rateLimit.get" must be a positive integer',
    );
    await expect(start({ accessTokenTtlSeconds: -1 })).rejects.toThrow(
      '"accessTokenTtlSeconds" must be a positive integer',
    );
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong seed
    await expect(start({ seed: { users: [{ email: 'x' } as any] } })).rejects.toThrow(
      '"seed.users[0].email" must be an e-mail address',
    );
  });

  it('listens on 127.0.0.1 and closes cleanly', async () => {
    const emulator = await start();
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    await emulator.close();
    await expect(fetch(`${emulator.url}/api/2.0/capabilities`)).rejects.toThrow();
  });
});
