import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Imports `specifier` in a fresh Node.js process (cwd `resolveDir`) and returns how long the
 * `import()` took in milliseconds: module resolution, loading, parsing and evaluation, without
 * Node's own start-up.
 */
export async function coldImportMs(specifier: string, resolveDir: string): Promise<number> {
  const code = [
    'const started = performance.now();',
    `await import(${JSON.stringify(specifier)});`,
    'process.stdout.write(String(performance.now() - started));',
  ].join('\n');
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], {
    cwd: resolveDir,
    timeout: 30_000,
  });
  const value = Number(stdout.trim());
  if (!Number.isFinite(value)) throw new Error(`cold import of ${specifier} printed "${stdout.trim()}"`);
  return value;
}
