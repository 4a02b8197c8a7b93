import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createPrompter } from './prompt.js';

/** A terminal-like stdin that records every echo switch, and a stderr that records every write, in one log. */
function terminal(isTTY: boolean) {
  const log: string[] = [];
  const emitter = new EventEmitter();
  const input = {
    isTTY,
    setRawMode: (mode: boolean) => log.push(`raw:${mode}`),
    on: (event: string, listener: (chunk: string) => void) => emitter.on(event, listener),
    removeListener: (event: string, listener: (...args: never[]) => void) =>
      emitter.removeListener(event, listener as (chunk: string) => void),
    type: (text: string) => emitter.emit('data', text),
  };
  const output = { write: (text: string) => log.push(`write:${text}`) };
  return { input, output, log };
}

describe('createPrompter', () => {
  it('turns echo off before it writes a secret question, so a typed-ahead answer is never shown', async () => {
    const { input, output, log } = terminal(true);
    const prompter = createPrompter(input, output);
    const answer = prompter.ask('Password: ', { secret: true });
    expect(log).toEqual(['raw:true', 'write:Password: ']);
    input.type('s3cret\r');
    await expect(answer).resolves.toBe('s3cret');
    expect(log).toEqual(['raw:true', 'write:Password: ', 'raw:false', 'write:\n']);
    prompter.close();
  });

  it('reads a pasted secret that arrived in one chunk with the newline, and applies backspaces', async () => {
    const { input, output } = terminal(true);
    const prompter = createPrompter(input, output);
    const answer = prompter.ask('Password: ', { secret: true });
    input.type('pasx\u007fs\r');
    await expect(answer).resolves.toBe('pass');
    prompter.close();
  });

  it('never switches echo for a question that is not secret, or when stdin is not a terminal', async () => {
    const tty = terminal(true);
    const visible = createPrompter(tty.input, tty.output);
    const email = visible.ask('E-mail: ');
    tty.input.type('user@example.com\n');
    await expect(email).resolves.toBe('user@example.com');
    expect(tty.log).toEqual(['write:E-mail: ']);
    visible.close();

    const pipe = terminal(false);
    const piped = createPrompter(pipe.input, pipe.output);
    const password = piped.ask('Password: ', { secret: true });
    pipe.input.type('from-a-pipe\n');
    await expect(password).resolves.toBe('from-a-pipe');
    expect(pipe.log).toEqual(['write:Password: ']);
    piped.close();
  });

  it('restores echo when the user cancels with Ctrl-C', async () => {
    const { input, output, log } = terminal(true);
    const prompter = createPrompter(input, output);
    const answer = prompter.ask('Password: ', { secret: true });
    input.type('\u0003');
    await expect(answer).rejects.toMatchObject({ code: 'ERR_CLI_CANCELLED', message: 'cancelled' });
    expect(log.at(-2)).toBe('raw:false');
    prompter.close();
  });
});
