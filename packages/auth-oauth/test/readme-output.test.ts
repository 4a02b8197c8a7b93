// The Usage examples that show what they print, run here with that output compared (the registry
// end-to-end test does the same against the installed packages).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { extractExamples, matchOutput } from '@ds/auth-testing';
import { runReadmeExample } from '@ds/auth-testing/node';
import { afterEach, describe, expect, it, vi } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = extractExamples(readFileSync(join(packageDir, 'README.md'), 'utf8'), 'Usage').filter(
  (example) => example.output !== undefined,
);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('README Usage output', () => {
  it.each(examples.map((example) => ({ line: example.line, example })))(
    'the example at line $line prints what the README shows',
    async ({ example }) => {
      const printed: string[] = [];
      vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        printed.push(format(...args));
      });
      await runReadmeExample(example.code, { packageDir });
      expect(matchOutput(example.output!, printed.join('\n'))).toBeUndefined();
    },
  );
});
