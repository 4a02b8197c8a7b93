import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCommandKeyStrategy } from '../src/index.js';

export const PRINT_KEY: string = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'print-key.mjs');

/** A temporary key file and run counter for the print-key fixture. */
export interface KeyVault {
  readonly keyFile: string;
  readonly countFile: string;
  write(content: string): void;
  runs(): number;
  create(timeoutMs?: number): ReturnType<typeof createCommandKeyStrategy>;
  remove(): void;
}

export function createVault(initial: string): KeyVault {
  const directory = mkdtempSync(join(tmpdir(), 'command-key-'));
  const keyFile = join(directory, 'key');
  const countFile = join(directory, 'runs');
  writeFileSync(keyFile, initial);
  writeFileSync(countFile, '');
  return {
    keyFile,
    countFile,
    write: (content) => writeFileSync(keyFile, content),
    runs: () => readFileSync(countFile, 'utf8').split('\n').filter(Boolean).length,
    create: (timeoutMs) =>
      createCommandKeyStrategy({
        command: [process.execPath, PRINT_KEY, keyFile, countFile],
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      }),
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
