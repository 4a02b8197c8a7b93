/**
 * The ```ts code blocks under one `##` heading of a markdown document, in order. Pure.
 *
 * @example
 * ```ts
 * extractCodeBlocks(readme, 'Usage'); // ['import { createApiKeyAuth } from ...', ...]
 * ```
 */
export function extractCodeBlocks(markdown: string, section: string): string[] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim() === `## ${section}`);
  if (start === -1) return [];
  const blocks: string[] = [];
  let current: string[] | undefined;
  for (const line of lines.slice(start + 1)) {
    if (!current && /^## /.test(line)) break;
    if (!current && /^```ts\s*$/.test(line)) current = [];
    else if (current && /^```\s*$/.test(line)) {
      blocks.push(current.join('\n'));
      current = undefined;
    } else current?.push(line);
  }
  return blocks;
}
