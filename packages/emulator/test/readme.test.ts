import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));

async function usageBlocks(): Promise<string[]> {
  const readme = await readFile(readmePath, 'utf8');
  const usage = readme.slice(readme.indexOf('## Usage'), readme.indexOf('## Seeded defaults'));
  return [...usage.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

describe('README usage examples', () => {
  it('has runnable examples whose printed values match their comments', async () => {
    const blocks = await usageBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const [index, block] of blocks.entries()) {
      const source = block.replaceAll("'@ds/emulator'", "'../src/index.js'");
      const file = fileURLToPath(new URL(`./readme-example-${index}.tmp.ts`, import.meta.url));
      const logs: string[] = [];
      const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        logs.push(args.map(String).join(' '));
      });
      try {
        await writeFile(file, source);
        await import(/* @vite-ignore */ `${file}?t=${Date.now()}`);
      } finally {
        spy.mockRestore();
        await rm(file, { force: true });
      }
      const expected = [...block.matchAll(/console\.log\([^)]*\); \/\/ ([^\s,]+)/g)].map(
        (match) => match[1]!,
      );
      expect(logs).toEqual(expected);
    }
  });
});
