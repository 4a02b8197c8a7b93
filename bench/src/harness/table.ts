/** A printable table; every result carries its tables so the console and the README show the same. */
export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
}

/** Renders a table as aligned plain text for the console. */
export function formatTable(table: Table): string {
  const widths = table.columns.map((name, index) =>
    Math.max(name.length, ...table.rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, index) => (index === 0 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!)))
      .join('  ');
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [table.title, line(table.columns), rule, ...table.rows.map(line)].join('\n');
}

/** Renders a table as GitHub markdown for the README. */
export function markdownTable(table: Table): string {
  const escapeCell = (cell: string): string => cell.replaceAll('|', '\\|');
  const head = `| ${table.columns.map(escapeCell).join(' | ')} |`;
  const align = `| ${table.columns.map((_, index) => (index === 0 ? '---' : '---:')).join(' | ')} |`;
  const body = table.rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`);
  return [`**${table.title}**`, '', head, align, ...body].join('\n');
}
