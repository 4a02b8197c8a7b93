// Runs the ```ts code blocks of a package README as tests, so documentation cannot rot.
// Each block is written to `<package>/.readme-examples/block-N.ts` (gitignored) and imported, so
// its imports resolve exactly as a user's would from inside that package. A block whose info
// string contains `no-run` (```ts no-run) is only type-checked by eye: use it for snippets that
// need a real browser or portal.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'vitest';

export interface ReadmeBlock {
  readonly index: number;
  readonly line: number;
  readonly code: string;
}

/** The runnable ```ts blocks of a markdown file, with the line each starts on. */
export function extractTsBlocks(markdown: string): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [];
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const open = /^```(ts|typescript)(\s.*)?$/.exec(lines[index] ?? '');
    if (!open) continue;
    const start = index;
    const body: string[] = [];
    for (index += 1; index < lines.length && lines[index] !== '```'; index++) body.push(lines[index] ?? '');
    if (!(open[2] ?? '').includes('no-run'))
      blocks.push({ index: blocks.length, line: start + 1, code: body.join('\n') });
  }
  return blocks;
}

/** Registers one test per runnable block of `readmePath`. */
export function describeReadmeExamples(readmePath: string, options: { timeoutMs?: number } = {}): void {
  const blocks = extractTsBlocks(readFileSync(readmePath, 'utf8'));
  const folder = join(dirname(readmePath), '.readme-examples');
  describe(`README examples (${readmePath.split('/').slice(-3).join('/')})`, () => {
    it('has at least one runnable example', () => {
      if (blocks.length === 0) throw new Error('no runnable ```ts block found');
    });
    for (const block of blocks) {
      it(
        `runs the example at line ${block.line}`,
        async () => {
          mkdirSync(folder, { recursive: true });
          const file = join(folder, `block-${block.line}-${process.pid}.ts`);
          writeFileSync(file, `${block.code}\nexport {};\n`);
          try {
            await import(/* @vite-ignore */ pathToFileURL(file).href);
          } finally {
            rmSync(file, { force: true });
          }
        },
        options.timeoutMs ?? 20_000,
      );
    }
  });
}
