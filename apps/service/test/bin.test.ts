import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/ds-service.js', import.meta.url));
const BOUND_MS = 30_000;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built bin; `onStdout` may signal it. Fails (kills it) if it has not exited within BOUND_MS. */
function run(args: string[], onStdout?: (text: string, kill: (signal: NodeJS.Signals) => void) => void) {
  return new Promise<Exit>((resolve, reject) => {
    const env = { ...process.env }; // emulator mode, default interval, whatever the caller's shell has
    for (const name of ['DOCSPACE_URL', 'DOCSPACE_API_KEY', 'DOCSPACE_INTERVAL_MS']) delete env[name];
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`ds-service ${args.join(' ')} did not exit within ${BOUND_MS} ms:\n${stdout}${stderr}`),
      );
    }, BOUND_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, (signal) => child.kill(signal));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('ds-service as a process (built bin)', () => {
  beforeAll(() => {
    const built = existsSync(fileURLToPath(new URL('../dist/main.js', import.meta.url)));
    expect(built, 'build it first: pnpm --filter @ds/example-service build').toBe(true);
  });

  it('--once lists the rooms, exits 0 by itself (nothing keeps the process alive)', async () => {
    const result = await run(['--once']);
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(result.stdout).toContain('run 1: 2 rooms: "Contracts", "Marketing"; stopping');
  });

  it('--once --key narrow exits 4 with the 403 hint', async () => {
    const result = await run(['--once', '--key', 'narrow']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('hint: create one with rooms:read or *:read');
  });

  it('stops cleanly on SIGTERM during the 60 s wait and exits 0 at once', async () => {
    let sent = false;
    const result = await run([], (stdout, kill) => {
      if (!sent && stdout.includes('run 1:')) {
        sent = true;
        kill('SIGTERM');
      }
    });
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(result.stdout).toContain('ds-service: stopped (aborted) after 1 run(s)');
  });
});
