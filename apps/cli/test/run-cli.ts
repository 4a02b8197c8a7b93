import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/ds-auth.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A prompt the test answers: when stderr has shown `when`, write `answer()` and a newline to stdin. */
export interface Answer {
  when: RegExp;
  answer: () => string | Promise<string>;
}

/** Runs the built `ds-auth` as a real process, answering prompts on its stdin as a person would. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  answers: Answer[] = [],
  onStderr?: (text: string) => void,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: env.DS_AUTH_HOME ?? '/nonexistent', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const pending = [...answers];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', async (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr);
      while (pending[0]?.when.test(stderr)) {
        const next = pending.shift()!;
        child.stdin.write(`${await next.answer()}\n`);
      }
      if (pending.length === 0 && answers.length > 0) child.stdin.end();
    });
    if (answers.length === 0) child.stdin.end();
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
