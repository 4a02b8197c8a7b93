import { describe, expect, it } from 'vitest';
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
