import { mkdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/** What {@link runReadmeExample} takes. */
export interface RunReadmeExampleOptions {
  /** The package directory; the example runs from `<packageDir>/.readme-examples/` (gitignored), so it resolves the package's dependencies. */
  packageDir: string;
  /** Module specifiers to point elsewhere, e.g. the package's own name to its `src/index.ts` (absolute path). */
  replace?: Record<string, string>;
}

let counter = 0;

/**
 * Runs one README example as a module (top-level `await` works) and deletes the file afterwards. Use
 * it with {@link extractCodeBlocks} so README examples are tests. Node-only; inside vitest the file is
 * transformed like any test module, so TypeScript examples run as written.
 *
 * @example
 * ```ts
 * for (const code of extractCodeBlocks(readme, 'Usage')) {
 *   await runReadmeExample(code, { packageDir, replace: { '@ds/auth-basic': join(packageDir, 'src/index.ts') } });
 * }
 * ```
 */
export async function runReadmeExample(code: string, options: RunReadmeExampleOptions): Promise<unknown> {
  const parent = join(options.packageDir, '.readme-examples');
  // One directory per run, so parallel test files never delete each other's example.
  const directory = join(parent, `run-${process.pid}-${++counter}-${Date.now()}`);
  const file = join(directory, 'example.ts');
  let source = code;
  for (const [specifier, target] of Object.entries(options.replace ?? {})) {
    let path = relative(dirname(file), target).split('\\').join('/');
    if (!path.startsWith('.')) path = `./${path}`;
    source = source.split(`'${specifier}'`).join(`'${path}'`);
  }
  await mkdir(directory, { recursive: true });
  await writeFile(file, source);
  try {
    return await import(/* @vite-ignore */ file);
  } finally {
    await rm(directory, { recursive: true, force: true });
    await rmdir(parent).catch(() => {}); // still in use by another run: it removes it
  }
}
