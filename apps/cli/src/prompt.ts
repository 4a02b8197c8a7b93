import { AuthError } from '@ds/auth-core';
import type { CliInput, CliOutput } from './io.js';

/** Asks questions on stderr and reads answers from stdin, hiding what is typed for secrets on a terminal. */
export interface Prompter {
  ask(question: string, options?: { secret?: boolean }): Promise<string>;
  close(): void;
}

/**
 * A prompter over `input`. On a terminal a secret is read in raw mode without echo (Ctrl-C aborts);
 * from a pipe, answers are read line by line (so scripts and tests can answer 2FA prompts).
 */
export function createPrompter(input: CliInput | undefined, output: CliOutput): Prompter {
  let buffered = '';
  let ended = false;
  const waiters: Array<() => void> = [];
  const onData = (chunk: Buffer | string): void => {
    buffered += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  };
  const onEnd = (): void => {
    ended = true;
    for (const wake of waiters.splice(0)) wake();
  };
  let listening = false;
  const listen = (): void => {
    if (listening || !input) return;
    listening = true;
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume?.();
  };

  // Echo goes off before the question is written (as getpass and `read -s` do): an answer typed or
  // pasted the moment the prompt appears must never reach the screen.
  const readLine = async (question: string, hidden: boolean): Promise<string> => {
    const raw = hidden && input?.isTTY === true && typeof input.setRawMode === 'function';
    if (raw) input!.setRawMode!(true);
    try {
      output.write(question);
      listen();
      for (;;) {
        if (raw && buffered.includes('\u0003')) throw new AuthError('ERR_CLI_CANCELLED', 'cancelled');
        const newline = buffered.search(/\r?\n|\r/);
        if (newline >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(
            newline + (buffered[newline] === '\r' && buffered[newline + 1] === '\n' ? 2 : 1),
          );
          return raw ? applyBackspaces(line) : line;
        }
        if (ended || !input) throw new AuthError('ERR_CLI_NO_INPUT', 'no answer on standard input');
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    } finally {
      if (raw) {
        input!.setRawMode!(false);
        output.write('\n');
      }
    }
  };

  return {
    async ask(question, options = {}) {
      return (await readLine(question, options.secret === true)).trim();
    },
    close() {
      if (!listening || !input) return;
      input.removeListener('data', onData as never);
      input.removeListener('end', onEnd as never);
      input.pause?.();
    },
  };
}

function applyBackspaces(line: string): string {
  let result = '';
  for (const char of line) result = char === '\u007f' || char === '\b' ? result.slice(0, -1) : result + char;
  return result;
}
