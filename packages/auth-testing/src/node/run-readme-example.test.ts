import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runReadmeExample } from './run-readme-example.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('runReadmeExample', () => {
  it('runs TypeScript with top-level await, maps specifiers, and cleans up', async () => {
    const code = [
      "import { docSpaceEnvelope } from '@ds/auth-testing';",
      'const value: number = await Promise.resolve(2);',
      'export const result = docSpaceEnvelope([value]).count;',
    ].join('\n');
    const module = (await runReadmeExample(code, {
      packageDir,
      replace: { '@ds/auth-testing': join(packageDir, 'src/index.ts') },
    })) as { result: number };
    expect(module.result).toBe(1);
    const folder = join(packageDir, '.readme-examples');
    expect(existsSync(folder) ? readdirSync(folder).filter((name) => name.startsWith('run-')) : []).toEqual(
      [],
    );
  });

  it('rejects when the example throws', async () => {
    await expect(runReadmeExample("throw new Error('broken example');", { packageDir })).rejects.toThrow(
      'broken example',
    );
  });
});
