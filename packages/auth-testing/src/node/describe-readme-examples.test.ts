import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { describeReadmeExamples } from './describe-readme-examples.js';

const packageDir = fileURLToPath(new URL('../__fixtures__/readme-runner/', import.meta.url));

// Each example's run() is awaited inside `around`, so what a mismatch throws can be checked here.
describeReadmeExamples({
  packageDir,
  async around(run, example) {
    if (example.line === 5) {
      expect(await run()).toBe('printed as shown');
      return;
    }
    const expected =
      example.line === 15
        ? 'README.md line 15: line 1: printed "printed although nothing is shown", but the document shows no more lines'
        : 'README.md line 25: line 1: expected "{ shown: true }", got "{ shown: false }"';
    await expect(run()).rejects.toThrow(expected);
  },
});
