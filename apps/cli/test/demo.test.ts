import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CliIo, main } from '../src/main.js';

function captureIo(env: Record<string, string | undefined> = {}): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    env,
    stdout: { write: (text: string) => (io.out += text) },
    stderr: { write: (text: string) => (io.err += text) },
  };
  return io;
}

describe('ds-auth demo', () => {
  it('authenticates with every method against the embedded emulator and reports rows as JSON', async () => {
    const io = captureIo();
    expect(await main(['demo', '--json'], io)).toBe(0);
    const rows = JSON.parse(io.out) as Array<{
      method: string;
      ok: boolean;
      account: string;
      scheme: string;
      requests: number;
    }>;
    expect(rows.map((row) => row.method)).toEqual(['basic', 'apikey', 'pat', 'oauth', 'oidc']);
    for (const row of rows) {
      expect(row.ok).toBe(true);
      expect(row.account).toMatch(/<.+@.+>/);
    }
    // Basic and API key: the profile call only. PAT: login, 2FA code, the profile call, logout.
    // OAuth: the code exchange, the profile call, and revoking the refresh and access tokens.
    // OIDC: discovery and the JWKS on top of the OAuth requests.
    expect(rows.map((row) => row.requests)).toEqual([1, 1, 4, 4, 6]);
    expect(rows.map((row) => row.scheme)).toEqual(['Basic', 'Bearer', 'Bearer', 'Bearer', 'Bearer']);
  });

  it('prints a table for people', async () => {
    const io = captureIo();
    expect(await main(['demo'], io)).toBe(0);
    const lines = io.out.trim().split('\n');
    expect(lines[0]).toMatch(/^method\s+account\s+scheme\s+expiry\s+requests\s+ms$/);
    expect(lines).toHaveLength(6);
  });

  it('fails with exit code 1 and the error code when a method fails against a portal', async () => {
    const { startEmulator } = await import('@ds/emulator');
    const portal = await startEmulator();
    try {
      const io = captureIo({ DOCSPACE_URL: portal.url, DOCSPACE_API_KEY: `sk-${'0'.repeat(64)}` });
      expect(await main(['demo', '--json'], io)).toBe(1);
      const [row] = JSON.parse(io.out) as Array<{ ok: boolean; error: string }>;
      expect(row?.ok).toBe(false);
      expect(row?.error).toMatch(/^ERR_AUTH_UNAUTHORIZED: GET .*\/api\/2\.0\/people\/@self failed with 401/);
      expect(io.out).not.toContain('0'.repeat(64));
    } finally {
      await portal.close();
    }
  });

  it('explains usage errors with exit code 2', async () => {
    const io = captureIo();
    expect(await main(['nope'], io)).toBe(2);
    expect(io.err).toContain('error [ERR_CLI_USAGE]: unknown command "nope"');
    expect(await main(['demo', '--bogus'], captureIo())).toBe(2);
  });

  it('runs as a real process from the built bin', async () => {
    const bin = fileURLToPath(new URL('../bin/ds-auth.js', import.meta.url));
    expect(
      existsSync(fileURLToPath(new URL('../dist/main.js', import.meta.url))),
      'build apps/cli first',
    ).toBe(true);
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, 'demo', '--json'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.on('exit', (exitCode) => resolve({ code: exitCode, stdout }));
    });
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Array<{ ok: boolean }>).every((row) => row.ok)).toBe(true);
  });
});
