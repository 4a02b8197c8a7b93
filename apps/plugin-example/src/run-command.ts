import { execFile } from 'node:child_process';
import { basename } from 'node:path';
import { CommandKeyError } from './command-key-error.js';

/** How to run the secrets command. */
export interface RunCommandOptions {
  readonly command: readonly [string, ...string[]];
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  readonly signal: AbortSignal;
}

/**
 * Runs the command without a shell and resolves its standard output. Rejects with `CommandKeyError`
 * whose message names the program (never its arguments or output, which may hold secrets).
 */
export function runCommand(options: RunCommandOptions): Promise<string> {
  const [file, ...args] = options.command;
  const program = basename(file);
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        encoding: 'utf8',
        timeout: options.timeoutMs,
        maxBuffer: options.maxOutputBytes,
        windowsHide: true,
        signal: options.signal,
        ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
        ...(options.env === undefined ? {} : { env: options.env }),
      },
      (error, stdout) => {
        if (!error) return resolve(stdout);
        if (options.signal.aborted) return reject(options.signal.reason);
        const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
        if (failure.code === 'ENOENT' || failure.code === 'EACCES') {
          return reject(
            new CommandKeyError('ERR_COMMANDKEY_SPAWN', `the secrets command "${program}" could not start`),
          );
        }
        if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          return reject(
            new CommandKeyError(
              'ERR_COMMANDKEY_INVALID_OUTPUT',
              `the secrets command "${program}" printed too much`,
            ),
          );
        }
        if (failure.killed) {
          return reject(
            new CommandKeyError(
              'ERR_COMMANDKEY_TIMEOUT',
              `the secrets command "${program}" took over ${options.timeoutMs} ms`,
              {
                retryable: true,
              },
            ),
          );
        }
        reject(
          new CommandKeyError(
            'ERR_COMMANDKEY_FAILED',
            `the secrets command "${program}" exited with code ${String(failure.code)}`,
          ),
        );
      },
    );
  });
}
