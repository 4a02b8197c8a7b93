import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './harness/machine.js';
import type { BenchResult } from './harness/result.js';
import { markdownTable } from './harness/table.js';

const START = '<!-- results:start -->';
const END = '<!-- results:end -->';
const ORDER = ['overhead', 'stampede', 'callback', 'size'];

/** Renders the results found in `outDir` as the markdown of the README's results section. */
export async function renderResults(outDir: string): Promise<string> {
  const results: BenchResult[] = [];
  for (const name of ORDER) {
    try {
      results.push(JSON.parse(await readFile(join(outDir, `${name}.json`), 'utf8')) as BenchResult);
    } catch {
      // not run yet
    }
  }
  const sections = results.map((result) => {
    const tables = result.tables.map(markdownTable).join('\n\n');
    const notes = result.notes.map((note) => `- ${note}`).join('\n');
    return [
      `### ${result.name}: ${result.title}`,
      '',
      `Status: ${result.status}. Machine: ${describeMachine(result.machine)}. Took ${(result.durationMs / 1000).toFixed(1)} s.`,
      '',
      tables,
      '',
      notes,
    ].join('\n');
  });
  return sections.join('\n\n');
}

/** Replaces the text between the results markers of bench/README.md; returns its path if it did. */
export async function updateReadme(outDir: string): Promise<string | undefined> {
  const path = fileURLToPath(new URL('../README.md', import.meta.url));
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return undefined;
  const body = await renderResults(outDir);
  await writeFile(path, `${text.slice(0, start + START.length)}\n\n${body}\n\n${text.slice(end)}`);
  return path;
}
