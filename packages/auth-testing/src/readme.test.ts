import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runReadmeExample } from './node/run-readme-example.js';
import { extractExamples, matchOutput } from './readme-examples.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const usage = extractExamples(readFileSync(join(packageDir, 'README.md'), 'utf8'), 'Usage');
const examples = usage.map((example) => example.code);
/** What an example printed through console.log, one call per line, as a terminal shows it. */
const printed = (log: { mock: { calls: unknown[][] } }): string =>
  log.mock.calls
    .map((call) => call.map((value) => (typeof value === 'string' ? value : inspect(value))).join(' '))
    .join('\n');
const replace = {
  '@ds/auth-testing': join(packageDir, 'src/index.ts'),
  '@ds/auth-testing/node': join(packageDir, 'src/node/index.ts'),
};

afterEach(() => vi.restoreAllMocks());

describe('README usage', () => {
  it('finds nothing wrong with the example strategy (example 1)', async () => {
    const shim = join(packageDir, 'src/__fixtures__/conformance-shim.ts');
    await runReadmeExample(examples[0]!, { packageDir, replace: { '@ds/auth-testing': shim } });
    const results = (globalThis as Record<symbol, Promise<unknown>>)[
      Symbol.for('@ds/auth-testing.readmeFindings')
    ];
    expect(await results).toEqual([]);
  });

  it('reports the leaky strategy (example 2)', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await runReadmeExample(examples[1]!, { packageDir, replace });
    expect(matchOutput(usage[1]!.output!, printed(log))).toBeUndefined();
    expect(printed(log)).toContain('no-leaks: JSON.stringify(strategy) contains secret #1');
  });

  it('answers from the mock portal (example 3)', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await runReadmeExample(examples[2]!, { packageDir, replace });
    expect(log).toHaveBeenCalledWith({ id: 'u1', displayName: 'Test' });
    expect(matchOutput(usage[2]!.output!, printed(log))).toBeUndefined();
  });
});
