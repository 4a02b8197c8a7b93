import { describe, expect, it } from 'vitest';
import { extractCodeBlocks } from './readme-examples.js';

const README = [
  '# pkg',
  '## Install',
  '```ts',
  'install();',
  '```',
  '## Usage',
  'Text.',
  '```ts',
  'const a = 1;',
  '```',
  '```sh',
  'not ts',
  '```',
  '```ts',
  'const b = 2;',
  '// ## not a heading inside code',
  '```',
  '## Options',
  '```ts',
  'options();',
  '```',
].join('\n');

describe('extractCodeBlocks', () => {
  it('returns the ts blocks of one section only', () => {
    expect(extractCodeBlocks(README, 'Usage')).toEqual([
      'const a = 1;',
      'const b = 2;\n// ## not a heading inside code',
    ]);
  });

  it('returns nothing for a missing section', () => {
    expect(extractCodeBlocks(README, 'Errors')).toEqual([]);
  });
});
