#!/usr/bin/env node
// Runs after `tsc` in a library package's build: joins the JavaScript that tsc wrote into one module
// per entry point of the package's `exports` (code shared by several entry points goes into chunks,
// so a class stays one class however it is imported). Node loads an ES module graph file by file:
// thirty small files cost a cold start about three times what one file of the same code costs.
// The declaration files stay as tsc wrote them; other packages (`@ds/*`, jose, undici, `node:*`)
// stay imports.
//
// Usage, in a package folder: node ../../scripts/bundle-dist.mjs
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

const packageDir = process.cwd();
const dist = join(packageDir, 'dist');
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));

/** Every `./dist/*.js` an export condition points at. */
function entryPoints(exportsField) {
  const found = new Set();
  const visit = (value) => {
    if (typeof value === 'string') {
      if (value.startsWith('./dist/') && value.endsWith('.js')) found.add(value.slice('./dist/'.length));
    } else if (value !== null && typeof value === 'object') {
      for (const inner of Object.values(value)) visit(inner);
    }
  };
  visit(exportsField);
  return [...found].sort();
}

function jsFiles(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...jsFiles(path));
    else if (name.endsWith('.js')) files.push(path);
  }
  return files;
}

const entries = entryPoints(manifest.exports);
if (entries.length === 0) {
  console.error(`bundle-dist: ${manifest.name} exports no ./dist/*.js entry point`);
  process.exit(1);
}

const result = await build({
  absWorkingDir: dist,
  entryPoints: Object.fromEntries(entries.map((entry) => [entry.slice(0, -'.js'.length), `./${entry}`])),
  outdir: dist,
  outbase: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  // Every bare specifier (another package, node:*) stays an import.
  packages: 'external',
  chunkNames: '_chunks/[name]-[hash]',
  legalComments: 'none',
  write: false,
  logLevel: 'warning',
});

// Replace tsc's JavaScript by the bundles; the .d.ts files keep the source layout for editors.
for (const file of jsFiles(dist)) rmSync(file);
for (const output of result.outputFiles) {
  mkdirSync(dirname(output.path), { recursive: true });
  writeFileSync(output.path, output.contents);
}
const written = result.outputFiles.map((output) => relative(dist, output.path));
console.log(`bundle-dist: ${manifest.name}: ${written.length} module(s) (${written.join(', ')})`);
