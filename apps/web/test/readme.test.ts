// The README's examples run as tests (with @ds/auth-testing's runner, as any project can), so the
// documentation cannot rot. Each runs from this folder and imports the built app like a user would.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractExamples } from '@ds/auth-testing';
import { runReadmeExample } from '@ds/auth-testing/node';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const examples = extractExamples(
  readFileSync(new URL('../README.md', import.meta.url), 'utf8'),
  'Use it from code',
);

describe('README examples', () => {
  it('has runnable examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map((example) => ({ line: example.line, code: example.code })))(
    'runs the example at line $line',
    async ({ code }) => {
      await runReadmeExample(code, { packageDir });
    },
    20_000,
  );
});
