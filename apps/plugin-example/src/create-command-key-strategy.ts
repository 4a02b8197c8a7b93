import { CommandKeyError } from './command-key-error.js';
import { redact } from './redact.js';
import { runCommand } from './run-command.js';
import type { CommandKeyCredentials, CommandKeyStrategy } from './strategy-shape.js';

/** Options for {@link createCommandKeyStrategy}. */
export interface CommandKeyStrategyOptions {
  /** The program and its arguments, run without a shell, e.g. `['op', 'read', 'op://ci/docspace/key']`. */
  command: readonly [string, ...string[]];
  /** The scheme put before the key. Default `Bearer` (what DocSpace API keys need, capital B). */
  scheme?: string;
  /** How long one run may take. Default 10 000 ms. */
  timeoutMs?: number;
  /** The working directory of the command. */
  cwd?: string;
  /** The whole environment of the command (default: this process's). */
  env?: Record<string, string>;
}

function configError(option: string, message: string): CommandKeyError {
  return new CommandKeyError('ERR_COMMANDKEY_INVALID_OPTION', message, { option });
}

function validate(
  options: CommandKeyStrategyOptions,
): Required<Pick<CommandKeyStrategyOptions, 'scheme' | 'timeoutMs'>> {
  if (typeof options !== 'object' || options === null)
    throw configError('options', '"options" must be an object');
  const { command, scheme = 'Bearer', timeoutMs = 10_000 } = options;
  if (!Array.isArray(command) || command.length === 0 || command.some((part) => typeof part !== 'string')) {
    throw configError('command', '"command" must be a non-empty array of strings (program, then arguments)');
  }
  if (command[0] === '') throw configError('command', '"command[0]" must name a program');
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(scheme)) throw configError('scheme', '"scheme" must be a single token');
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1)
    throw configError('timeoutMs', '"timeoutMs" must be a positive integer');
  return { scheme, timeoutMs };
}

// The key becomes a header value: no control characters, nothing outside latin-1, one line.
function parseKey(output: string, program: string): string {
  const key = output.trim();
  if (key === '')
    throw new CommandKeyError(
      'ERR_COMMANDKEY_INVALID_OUTPUT',
      `the secrets command "${program}" printed nothing`,
    );
  if (/[\u0000-\u001f\u007f]|[^\u0000-\u00ff]/.test(key)) {
    throw new CommandKeyError(
      'ERR_COMMANDKEY_INVALID_OUTPUT',
      `the secrets command "${program}" printed more than one line or characters a header cannot carry`,
    );
  }
  return key;
}

/** Rejects with the signal's reason as soon as it aborts; the shared run itself goes on. */
function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => {
      onAbort();
      reject(signal.reason);
    };
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/**
 * A strategy that gets an API key by running a secrets command (a vault CLI, a password manager, a
 * script) and sends `Authorization: <scheme> <key>`. The key is cached; concurrent callers share one
 * run; `invalidate()` of the current generation makes the next call run the command again (a stale
 * one is ignored). Throws `CommandKeyError` (`ERR_COMMANDKEY_INVALID_OPTION`, naming the option);
 * `authenticate()` rejects with `ERR_COMMANDKEY_SPAWN`, `_FAILED`, `_TIMEOUT` or `_INVALID_OUTPUT`.
 *
 * @example
 * ```ts
 * const auth = createCommandKeyStrategy({ command: ['op', 'read', 'op://ci/docspace/api-key'] });
 * const client = createDocSpaceClient({ baseUrl: 'https://portal.example.com', auth });
 * ```
 */
export function createCommandKeyStrategy(options: CommandKeyStrategyOptions): CommandKeyStrategy {
  const { scheme, timeoutMs } = validate(options);
  const command = [...options.command] as [string, ...string[]];
  const program = command[0].split(/[\\/]/).pop() ?? command[0];
  let generation = 0;
  let current: CommandKeyCredentials | undefined;
  let run:
    | { promise: Promise<CommandKeyCredentials>; controller: AbortController; waiters: number }
    | undefined;

  function start(): NonNullable<typeof run> {
    const controller = new AbortController();
    const promise = runCommand({
      command,
      timeoutMs,
      maxOutputBytes: 64 * 1024,
      signal: controller.signal,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.env === undefined ? {} : { env: { ...options.env } }),
    }).then((output) => {
      const key = parseKey(output, program);
      const headers = Object.freeze(redact({ authorization: `${scheme} ${key}` }, 'Headers'));
      current = Object.freeze(
        redact({ scheme, headers, generation: ++generation }, `Credentials(${scheme})`),
      );
      return current;
    });
    const started = { promise, controller, waiters: 0 };
    promise
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        if (run === started) run = undefined;
      });
    return started;
  }

  const strategy: CommandKeyStrategy = {
    kind: 'command-key',
    async authenticate({ signal } = {}) {
      signal?.throwIfAborted();
      if (current) return current;
      run ??= start();
      const shared = run;
      shared.waiters += 1;
      try {
        return await waitFor(shared.promise, signal, () => {
          // The last waiter gave up: nobody needs the key now, so stop the process.
          if (--shared.waiters > 0) return;
          if (run === shared) run = undefined;
          shared.controller.abort(signal?.reason);
        });
      } finally {
        if (!signal?.aborted) shared.waiters -= 1;
      }
    },
    invalidate(rejected) {
      if (current && rejected?.generation === current.generation) current = undefined;
    },
  };
  return Object.freeze(redact(strategy, 'CommandKeyStrategy'));
}
