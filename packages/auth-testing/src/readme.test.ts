import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runReadmeExample } from './node/run-readme-example.js';
import { extractCodeBlocks } from './readme-examples.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = extractCodeBlocks(readFileSync(join(packageDir, 'README.md'), 'utf8'), 'Usage');
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
    const findings = log.mock.calls[0]?.[0] as string[];
    expect(findings).toContain(
      'credentials: credentials and their headers must be frozen, so one caller cannot change them for all',
    );
    expect(findings).toContain('no-leaks: JSON.stringify(strategy) contains secret #1');
  });

  it('answers from the mock portal (example 3)', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await runReadmeExample(examples[2]!, { packageDir, replace });
    expect(log).toHaveBeenCalledWith({ id: 'u1', displayName: 'Test' });
  });
});
