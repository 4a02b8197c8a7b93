// The README's Usage examples use only commands and flags that exist: each `ds-auth ...` line runs
// with --help appended (an unknown command or flag exits 2), and the JSON it shows parses.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CliIo, main } from '../src/main.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const usage = readme.slice(
  readme.indexOf('## Usage'),
  readme.indexOf('\n## ', readme.indexOf('## Usage') + 1),
);
const blocks = [...usage.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);

/** `ds-auth` invocations in the shell lines, as argument lists (comments and env assignments dropped). */
function invocations(): string[][] {
  const found: string[][] = [];
  for (const line of blocks.flatMap((block) => block.split('\n'))) {
    const code = line.replace(/\s+#.*$/, '');
    for (const match of code.matchAll(/(?:^|\$\(|\s)ds-auth((?:\s+(?:"[^"]*"|<[^>]*>|[^\s)"<]+))*)/g)) {
      const words = [...match[1]!.matchAll(/"([^"]*)"|(<[^>]*>)|([^\s]+)/g)].map(
        (word) => word[1] ?? word[2] ?? word[3]!,
      );
      found.push(words);
    }
  }
  return found;
}

function quietIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    env: {},
    stdout: { write: (text: string) => (io.out += text) },
    stderr: { write: (text: string) => (io.err += text) },
  };
  return io;
}

describe('README usage', () => {
  const lines = invocations();
  it('has examples for every command', () => {
    const commands = new Set(lines.map((args) => args[0]));
    for (const command of [
      'demo',
      'login',
      'whoami',
      'token',
      'status',
      'switch',
      'logout',
      'apps',
      'sessions',
    ])
      expect(commands, command).toContain(command);
  });
  it.each(lines.map((args) => ({ args, line: `ds-auth ${args.join(' ')}` })))(
    '$line: the command and flags exist',
    async ({ args }) => {
      const io = quietIo();
      expect(await main([...args, '--help'], io), io.err).toBe(0);
    },
  );
  it('shows JSON that parses', () => {
    const json = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(json.length).toBeGreaterThan(0);
    for (const text of json) expect(() => JSON.parse(text)).not.toThrow();
  });
});
