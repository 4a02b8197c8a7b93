/** One runnable example of a markdown document: its code and, when the document shows it, what it prints. */
export interface ReadmeExample {
  /** The body of the ```ts block. */
  code: string;
  /**
   * The ```text block that follows the example (after blank lines and at most one line of prose
   * ending in ":", such as "It prints:"), or `undefined` when the document shows no output.
   */
  output: string | undefined;
  /** The 1-based line of the opening fence, for messages. */
  line: number;
}

/**
 * The ```ts examples under one `##` heading of a markdown document, in order, each with the output
 * shown after it. Pure. Blocks with another info string (```ts no-run) are not examples.
 *
 * @example
 * ```ts
 * extractExamples(readme, 'Usage'); // [{ code: 'console.log(1)', output: '1', line: 12 }]
 * ```
 */
export function extractExamples(markdown: string, section: string): ReadmeExample[] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim() === `## ${section}`);
  if (start === -1) return [];
  const examples: ReadmeExample[] = [];
  let index = start + 1;
  const readFence = (): string[] => {
    const body: string[] = [];
    for (index += 1; index < lines.length && !/^```\s*$/.test(lines[index] ?? ''); index++)
      body.push(lines[index]!);
    index += 1; // past the closing fence
    return body;
  };
  while (index < lines.length) {
    const line = lines[index] ?? '';
    if (/^## /.test(line)) break;
    if (!/^```ts\s*$/.test(line)) {
      if (/^```/.test(line))
        readFence(); // another language: skip it whole, so nothing inside counts
      else index += 1;
      continue;
    }
    const example: ReadmeExample = { code: '', output: undefined, line: index + 1 };
    example.code = readFence().join('\n');
    let next = index;
    while (next < lines.length && lines[next]?.trim() === '') next += 1;
    if (/:\s*$/.test(lines[next] ?? '') && !/^```/.test(lines[next] ?? '')) {
      next += 1;
      while (next < lines.length && lines[next]?.trim() === '') next += 1;
    }
    if (/^```text\s*$/.test(lines[next] ?? '')) {
      index = next;
      example.output = readFence().join('\n');
    }
    examples.push(example);
  }
  return examples;
}

/**
 * The ```ts code blocks under one `##` heading of a markdown document, in order. Pure.
 *
 * @example
 * ```ts
 * extractCodeBlocks(readme, 'Usage'); // ['import { createApiKeyAuth } from ...', ...]
 * ```
 */
export function extractCodeBlocks(markdown: string, section: string): string[] {
  return extractExamples(markdown, section).map((example) => example.code);
}

/**
 * Compares what an example printed with the output its document shows: line by line, trailing
 * spaces and trailing empty lines ignored, and `…` in the shown output standing for any text within
 * one line (a port, an id, a date). Returns `undefined` when they match, else the first difference.
 *
 * @example
 * ```ts
 * matchOutput('listening on http://127.0.0.1:…', 'listening on http://127.0.0.1:8092'); // undefined
 * ```
 */
export function matchOutput(expected: string, actual: string): string | undefined {
  const split = (text: string): string[] => {
    const lines = text.split(/\r?\n/).map((line) => line.trimEnd());
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines;
  };
  const want = split(expected);
  const got = split(actual);
  for (let index = 0; index < Math.max(want.length, got.length); index++) {
    const pattern = want[index];
    const line = got[index];
    if (pattern === undefined)
      return `line ${index + 1}: printed "${line}", but the document shows no more lines`;
    if (line === undefined) return `line ${index + 1}: expected "${pattern}", but nothing more was printed`;
    const regex = new RegExp(
      `^${pattern
        .split('…')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*?')}$`,
    );
    if (!regex.test(line)) return `line ${index + 1}: expected "${pattern}", got "${line}"`;
  }
  return undefined;
}
