import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { extractExamples, matchOutput, type ReadmeExample } from '../readme-examples.js';
import { runReadmeExample } from './run-readme-example.js';

/** What {@link describeReadmeExamples} takes. */
export interface DescribeReadmeExamplesOptions {
  /** The package directory: the README is read from there, and the examples run from there. */
  packageDir: string;
  /** The markdown file, relative to `packageDir`. Default `README.md`. */
  file?: string | undefined;
  /** The `##` sections whose examples run. Default: every section. */
  sections?: readonly string[] | undefined;
  /** Module specifiers to point elsewhere, e.g. the package's own name to its `src/index.ts` (absolute path). */
  replace?: Record<string, string> | undefined;
  /**
   * Wraps each run, to start what the example needs (a portal, environment variables) and check more
   * afterwards: call `run()`, which runs the example, checks what it printed and resolves to that text.
   */
  around?: ((run: () => Promise<string>, example: ReadmeExample) => Promise<void>) | undefined;
  /** Milliseconds each example may take. Default 20 000. */
  timeoutMs?: number | undefined;
}

/**
 * Registers a vitest test per runnable example of a README (```ts blocks, not ```ts no-run): each runs
 * as a module from the package directory and must print, through `console.log`, exactly the
 * ```text block shown after it (`…` stands for any text within a line), or nothing when the README
 * shows no output. Another test fails when the README has no runnable example at all. Node-only.
 *
 * @example
 * ```ts
 * describeReadmeExamples({ packageDir: fileURLToPath(new URL('..', import.meta.url)), sections: ['Usage'] });
 * ```
 */
export function describeReadmeExamples(options: DescribeReadmeExamplesOptions): void {
  const file = options.file ?? 'README.md';
  const markdown = readFileSync(join(options.packageDir, file), 'utf8');
  const sections =
    options.sections ?? [...markdown.matchAll(/^## (.+?)\s*$/gm)].map((match) => match[1] as string);
  const examples = sections.flatMap((section) =>
    extractExamples(markdown, section).map((example) => ({ section, example })),
  );
  describe(`${file} examples`, () => {
    it('has at least one runnable example', () => {
      expect(examples.length).toBeGreaterThan(0);
    });
    for (const { section, example } of examples) {
      const run = async (): Promise<string> => {
        const printed: string[] = [];
        const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
          printed.push(format(...args));
        });
        try {
          await runReadmeExample(example.code, { packageDir: options.packageDir, replace: options.replace });
        } finally {
          log.mockRestore();
        }
        const text = printed.join('\n');
        const difference = matchOutput(example.output ?? '', text);
        if (difference !== undefined) throw new Error(`${file} line ${example.line}: ${difference}`);
        return text;
      };
      it(
        `the example at line ${example.line} (${section}) prints what the README shows`,
        async () => {
          if (options.around) await options.around(run, example);
          else await run();
        },
        options.timeoutMs ?? 20_000,
      );
    }
  });
}
