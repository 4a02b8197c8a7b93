import { describe, expect, it } from 'vitest';
import { extractCodeBlocks, extractExamples, matchOutput } from './readme-examples.js';

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

describe('extractExamples', () => {
  const doc = [
    '## Usage',
    '```ts',
    "console.log('a');",
    '```',
    '',
    'It prints:',
    '',
    '```text',
    'a',
    '```',
    '```ts no-run',
    'skipped();',
    '```',
    '```ts',
    'quiet();',
    '```',
    'Some prose that does not announce output.',
    '```text',
    'not the output of quiet()',
    '```',
    '```ts',
    "console.log('b');",
    '```',
    '```text',
    'b',
    '```',
    '## Options',
  ].join('\n');

  it('pairs each example with the text block shown after it, and only that', () => {
    expect(extractExamples(doc, 'Usage')).toEqual([
      { code: "console.log('a');", output: 'a', line: 2 },
      { code: 'quiet();', output: undefined, line: 14 },
      { code: "console.log('b');", output: 'b', line: 21 },
    ]);
  });

  it('agrees with extractCodeBlocks on the code', () => {
    expect(extractCodeBlocks(doc, 'Usage')).toEqual(["console.log('a');", 'quiet();', "console.log('b');"]);
  });
});

describe('matchOutput', () => {
  it('matches line by line, with … for any text inside a line', () => {
    expect(
      matchOutput('url http://127.0.0.1:…\nkey sk-…', 'url http://127.0.0.1:8092\nkey sk-12ab  \n\n'),
    ).toBe(undefined);
    expect(matchOutput('a … c', 'a  c')).toBe(undefined);
  });

  it('names the first line that differs, or the line that is missing or extra', () => {
    expect(matchOutput('one\ntwo', 'one\nthree')).toBe('line 2: expected "two", got "three"');
    expect(matchOutput('one\ntwo', 'one')).toBe('line 2: expected "two", but nothing more was printed');
    expect(matchOutput('one', 'one\ntwo')).toBe(
      'line 2: printed "two", but the document shows no more lines',
    );
  });

  it('treats the rest of the shown output literally, and … never spans lines', () => {
    expect(matchOutput('a.c', 'abc')).toBe('line 1: expected "a.c", got "abc"');
    expect(matchOutput('[…]', '[1,\n2]')).toBe('line 1: expected "[…]", got "[1,"');
  });
});
