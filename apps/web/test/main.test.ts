import { describe, expect, it } from 'vitest';
import { freePort } from '../../../tools/free-port.js';
import { main } from '../src/index.js';

function io(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const controller = new AbortController();
  return {
    out,
    err,
    controller,
    io: {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
      env,
      signal: controller.signal,
    },
  };
}

describe('main (ds-web)', () => {
  it('prints the usage with --help', async () => {
    const run = io();
    expect(await main(['--help'], run.io)).toBe(0);
    expect(run.out.join('')).toContain('DOCSPACE_CLIENT_SECRET');
  });

  it('exits 2 for an unknown argument', async () => {
    const run = io();
    expect(await main(['--nope'], run.io)).toBe(2);
    expect(run.err.join('')).toContain('error: unknown argument "--nope"');
  });

  it('exits 2 when DOCSPACE_URL comes without a client id', async () => {
    const run = io({ DOCSPACE_URL: 'https://portal.example.com' });
    expect(await main([], run.io)).toBe(2);
    expect(run.err.join('')).toBe('error: "DOCSPACE_CLIENT_ID" is required with "DOCSPACE_URL"\n');
  });

  it('exits 2 for REDIS_URL with DS_WEB_TOKEN_DIR, or a REDIS_URL that is not redis://', async () => {
    const both = io({ REDIS_URL: 'redis://127.0.0.1:6379', DS_WEB_TOKEN_DIR: '/nonexistent' });
    expect(await main([], both.io)).toBe(2);
    expect(both.err.join('')).toBe(
      'error: "REDIS_URL" and "DS_WEB_TOKEN_DIR" cannot be used together: choose one token store\n',
    );
    const wrong = io({ REDIS_URL: 'http://user:secret-pass@127.0.0.1:6379' });
    expect(await main([], wrong.io)).toBe(2);
    expect(wrong.err.join('')).toBe('error: "REDIS_URL" must be a redis:// or rediss:// URL\n');
  });

  it('exits 1 when Redis cannot be reached, naming the host and never the password', async () => {
    const port = await freePort(); // nothing listens there
    const run = io({ PORT: '0', REDIS_URL: `redis://:secret-pass-123@127.0.0.1:${port}` });
    expect(await main([], run.io)).toBe(1);
    const output = run.err.join('');
    expect(output).toContain(`error: could not connect to Redis at 127.0.0.1:${port}`);
    expect(output).not.toContain('secret-pass-123');
  });

  it('starts with the emulator, prints where to go, and stops on the signal', async () => {
    const run = io({ PORT: '0' });
    const done = main([], run.io);
    await expect.poll(() => run.out.join(''), { timeout: 10_000 }).toContain('Ctrl+C stops the server.');
    const url = /open (http:\/\/127\.0\.0\.1:\d+)/.exec(run.out.join(''))?.[1];
    expect((await fetch(`${url}/`)).status).toBe(200);
    expect(run.out.join('')).toContain('sign in as admin@docspace.test / Admin-pass-1');
    run.controller.abort();
    expect(await done).toBe(0);
  });
});
