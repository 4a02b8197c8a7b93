// Child processes for the consumer side: an environment with nothing of this workspace in it, and a
// promise-based runner with a timeout that reports what the process printed.
import { spawn } from 'node:child_process';
import { delimiter, dirname } from 'node:path';

/** What a finished process printed. */
export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment a user's shell would give: this process's variables without anything pnpm, npm,
 * turbo or vitest put there (they would point npm at this workspace), and a PATH without any
 * `node_modules/.bin` or npx cache (so no workspace tool is found by accident). Node comes first.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(npm_|pnpm_|PNPM|TURBO|VITEST|TINYPOOL|NODE_OPTIONS|NODE_PATH|INIT_CWD)/i.test(name)) continue;
    env[name] = value;
  }
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir && !dir.includes(`node_modules`) && !dir.includes('_npx') && !dir.includes('.pnpm'));
  env.PATH = [dirname(process.execPath), ...path].join(delimiter);
  env.FORCE_COLOR = '0';
  env.NO_COLOR = '1';
  return { ...env, ...extra };
}

/** Runs a command to completion; rejects only if it cannot start or runs past `timeoutMs`. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs?: number; input?: string },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${command} ${args.join(' ')} ran past ${options.timeoutMs} ms\n${stdout}\n${stderr}`),
      );
    }, options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // a process that exits without reading its input
      child.stdin.end(options.input);
    }
  });
}

/** Like {@link run}, but a non-zero exit is an error that shows the output. */
export async function runOk(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs?: number },
): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${options.cwd}) exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
  return result;
}
