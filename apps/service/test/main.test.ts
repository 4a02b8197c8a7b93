import { describe, expect, it } from 'vitest';
import { startDemoPortal } from '../src/demo-portal.js';
import { EXIT, main, type ServiceIo } from '../src/main.js';

function captureIo(env: Record<string, string | undefined> = {}): ServiceIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    env,
    stdout: { write: (text: string) => (io.out += text) },
    stderr: { write: (text: string) => (io.err += text) },
  };
  return io;
}

describe('ds-service main', () => {
  it('--once lists the rooms of the embedded emulator and exits 0', async () => {
    const io = captureIo();
    expect(await main(['--once'], io)).toBe(EXIT.ok);
    expect(io.out).toMatch(
      /^ds-service: listing rooms of the local emulator at http:\/\/127\.0\.0\.1:\d+ once/,
    );
    expect(io.out).toContain('run 1: 2 rooms: "Contracts", "Marketing"; stopping (key sha256:');
    expect(io.out).toContain('ds-service: stopped (once) after 1 run(s)');
    expect(io.err).toBe('');
  });

  it('--once --key narrow shows the 403 with its hint and exits 4', async () => {
    const io = captureIo();
    expect(await main(['--once', '--key', 'narrow'], io)).toBe(EXIT.forbidden);
    expect(io.err).toMatch(
      /^run 1: ERR_AUTH_FORBIDDEN the key lacks the rooms:read permission \(403\); hint: create one with rooms:read or \*:read; stopping/,
    );
  });

  it('against a portal, an invalid key stops with the 401 message and exits 3 without printing the key', async () => {
    const portal = await startDemoPortal();
    const apiKey = `sk-${'0'.repeat(64)}`;
    try {
      const io = captureIo({
        DOCSPACE_URL: portal.url,
        DOCSPACE_API_KEY: apiKey,
        DOCSPACE_INTERVAL_MS: '1000',
      });
      expect(await main([], io)).toBe(EXIT.unauthorized);
      expect(io.out).toContain(`listing rooms of ${portal.url} every 1 s (key DOCSPACE_API_KEY sha256:`);
      expect(io.err).toContain('run 1: ERR_AUTH_UNAUTHORIZED the key is invalid, expired or revoked (401)');
      expect(io.out).toContain('ds-service: stopped (unauthorized) after 1 run(s)');
      expect(io.out + io.err).not.toContain('0'.repeat(64));
    } finally {
      await portal.close();
    }
  });

  it('stops when its signal aborts and exits 0', async () => {
    const controller = new AbortController();
    const io = captureIo();
    io.stdout = {
      write: (text: string) => {
        io.out += text;
        if (text.startsWith('run 1:')) controller.abort(); // as SIGTERM would, after the first run
      },
    };
    expect(await main([], { ...io, signal: controller.signal })).toBe(EXIT.ok);
    expect(io.out).toContain('ds-service: stopped (aborted) after 1 run(s)');
  });

  it.each([
    [['--key', 'admin'], {}, 'error: "--key" must be "full" or "narrow", got "admin"'],
    [['--bogus'], {}, "error: Unknown option '--bogus'"],
    [
      [],
      { DOCSPACE_URL: 'https://portal.example.com' },
      'error: DOCSPACE_API_KEY is required when DOCSPACE_URL is set',
    ],
    [
      ['--key', 'narrow'],
      { DOCSPACE_URL: 'https://portal.example.com', DOCSPACE_API_KEY: 'sk-x' },
      'error: "--key" works only with the emulator (no DOCSPACE_URL)',
    ],
    [[], { DOCSPACE_INTERVAL_MS: '10s' }, 'error: DOCSPACE_INTERVAL_MS must be a whole number'],
    [
      [],
      { DOCSPACE_URL: 'https://portal.example.com', DOCSPACE_API_KEY: 'sk-not-a-key' },
      'error: ERR_AUTH_INVALID_OPTION: "apiKey" must have 64 lowercase hex characters after "sk-"',
    ],
    [
      [],
      { DOCSPACE_URL: 'http://portal.example.com', DOCSPACE_API_KEY: `sk-${'a'.repeat(64)}` },
      'ERR_AUTH_INSECURE_URL',
    ],
  ])('rejects %j with %j as a usage error (exit 2)', async (argv, env, message) => {
    const io = captureIo(env);
    expect(await main(argv, io)).toBe(EXIT.usage);
    expect(io.err).toContain(message);
    expect(io.out).toBe('');
  });

  it('--help prints the usage with the exit codes', async () => {
    const io = captureIo();
    expect(await main(['--help'], io)).toBe(EXIT.ok);
    expect(io.out).toContain(
      'exit codes: 0 ok or stopped by SIGINT/SIGTERM, 1 the run failed, 2 usage error',
    );
  });
});
