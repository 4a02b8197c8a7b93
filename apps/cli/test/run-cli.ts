import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/ds-auth.js', import.meta.url));
/** util-linux `script` runs a command on a pseudo-terminal, as a person at a terminal would. */
export const SCRIPT = '/usr/bin/script';
export const hasPty: boolean = existsSync(SCRIPT);
/**
 * A session bus address that leads nowhere: unless a test passes a real one (the Secret Service
 * fixture), the CLI finds no OS keychain, whatever the machine running the tests has.
 */
export const NO_BUS = 'unix:path=/nonexistent/ds-auth-test-no-bus';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A prompt the test answers: when the output has shown `when`, write `answer()` and a newline to stdin. */
export interface Answer {
  when: RegExp;
  answer: () => string | Promise<string>;
}

function childEnv(env: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: env.DS_AUTH_HOME ?? '/nonexistent',
    DBUS_SESSION_BUS_ADDRESS: NO_BUS,
    ...env,
  };
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
      env: childEnv(env),
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

/** What a run on a pseudo-terminal showed: the screen (stdout and stderr as a person sees them), and stdout when it went to a file. */
export interface PtyRun {
  code: number | null;
  screen: string;
  /** With `stdoutToFile`: what the command wrote to stdout (the terminal then shows only stderr). */
  stdout: string | undefined;
}

const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * Runs the built `ds-auth` on a pseudo-terminal (util-linux `script`): stdin and stderr are a
 * terminal, as for a person, so prompts turn echo off and the spinner may run. With `stdoutToFile`,
 * stdout goes to a file, as in `ds-auth token --json > out.json`, and comes back as `stdout`.
 */
export async function runCliPty(
  args: string[],
  env: Record<string, string>,
  options: { answers?: Answer[]; stdoutToFile?: boolean; onScreen?: (screen: string) => void } = {},
): Promise<PtyRun> {
  const directory = options.stdoutToFile ? await mkdtemp(join(tmpdir(), 'ds-auth-pty-out-')) : undefined;
  const file = directory ? join(directory, 'stdout') : undefined;
  const command = `${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')}${file ? ` > ${quote(file)}` : ''}`;
  try {
    const child = spawn(SCRIPT, ['-qfec', command, '/dev/null'], {
      env: { TERM: 'dumb', SHELL: '/bin/sh', ...childEnv(env) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    const pending = [...(options.answers ?? [])];
    child.stdout.on('data', async (chunk: Buffer) => {
      screen += chunk.toString();
      options.onScreen?.(screen);
      while (pending[0]?.when.test(screen)) {
        const next = pending.shift()!;
        child.stdin.write(`${await next.answer()}\r`);
      }
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', resolve);
    });
    const stdout = file ? await readFile(file, 'utf8').catch(() => '') : undefined;
    return { code, screen, stdout };
  } finally {
    if (directory) await rm(directory, { recursive: true, force: true });
  }
}
