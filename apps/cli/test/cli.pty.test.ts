import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@ds/emulator';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/ds-auth.js', import.meta.url));
// util-linux `script` runs the CLI on a pseudo-terminal, as a person at a terminal would.
const SCRIPT = '/usr/bin/script';
const hasPty = existsSync(SCRIPT);

describe.skipIf(!hasPty)('ds-auth on a pseudo-terminal', () => {
  it('asks for the password without echo and for the 2FA code, with no spinner over the prompt', async () => {
    const portal = await startEmulator();
    const home = await mkdtemp(join(tmpdir(), 'ds-auth-pty-'));
    try {
      const user = portal.seed.users.find((candidate) => candidate.tfa === 'app')!;
      const command = `${process.execPath} ${BIN} login --method pat --user ${user.email}`;
      const child = spawn(SCRIPT, ['-qfec', command, '/dev/null'], {
        env: { PATH: process.env.PATH ?? '', DOCSPACE_URL: portal.url, DS_AUTH_HOME: home, TERM: 'dumb' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let screen = '';
      let step = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        screen += chunk.toString();
        if (step === 0 && screen.includes('Password: ')) {
          step = 1;
          child.stdin.write(`${user.password}\r`);
        } else if (step === 1 && screen.includes('Two-factor code')) {
          step = 2;
          child.stdin.write(`${portal.totp(user.email)}\r`);
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code, screen).toBe(0);
      expect(screen).toContain(`(pat)`);
      expect(screen).not.toContain(user.password);
      // The prompt stays on screen until answered: nothing is drawn between "Password: " and the answer.
      expect(screen).toMatch(/Password: \r?\n/);
    } finally {
      await portal.close();
      await rm(home, { recursive: true, force: true });
    }
  }, 60_000);
});

describe.runIf(!hasPty && process.env.CI)('ds-auth on a pseudo-terminal', () => {
  it('needs util-linux script in CI', () => {
    throw new Error(`${SCRIPT} is missing: install util-linux (bsdutils)`);
  });
});
