import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { SizeEntry } from './entries.js';

/** Bytes of one bundle. */
export interface BundleSize {
  minified: number;
  gzipped: number;
}

/**
 * Bundles an entry with esbuild (tree-shaken, minified, ESM for Node 20; nothing external except
 * Node built-ins and the entry's declared peers), then gzips it at level 9.
 */
export async function bundleSize(entry: SizeEntry, options: { resolveDir: string }): Promise<BundleSize> {
  const result = await build({
    stdin: {
      contents: entry.source,
      resolveDir: options.resolveDir,
      loader: 'js',
      sourcefile: `${entry.name}.js`,
    },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: entry.external ?? [],
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}
