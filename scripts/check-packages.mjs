#!/usr/bin/env node
// Checks that every published package has the same shape: manifest fields, exports map, README
// sections, a changeset while unreleased, Web-API-only library code, and the dependency policy.
// Prints one line per problem and exits 1 if there is any.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const problems = [];
const problem = (pkg, text) => problems.push(`${pkg}: ${text}`);

const STRATEGY_SECTIONS = ['Install', 'Usage', 'Options', 'Errors', 'Runtime support'];
const ALLOWED_RUNTIME_DEPS = new Set(['jose']);

const changesets = readdirSync(join(root, '.changeset'))
  .filter((file) => file.endsWith('.md'))
  .map((file) => readFileSync(join(root, '.changeset', file), 'utf8'));

function walk(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else out.push(path);
  }
  return out;
}

for (const dir of readdirSync(join(root, 'packages'))) {
  const pkgDir = join(root, 'packages', dir);
  const manifestPath = join(pkgDir, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.private) continue;
  const name = manifest.name ?? dir;

  if (!name.startsWith('@ds/')) problem(name, 'name must be in the @ds scope');
  if (manifest.type !== 'module') problem(name, '"type" must be "module"');
  if (manifest.sideEffects !== false) problem(name, '"sideEffects" must be false');
  if (JSON.stringify(manifest.files) !== '["dist"]' && !(manifest.files ?? []).includes('dist')) {
    problem(name, '"files" must include "dist"');
  }
  if (manifest.engines?.node !== '>=20.19') problem(name, '"engines.node" must be ">=20.19"');
  if (!manifest.license) problem(name, '"license" is missing');
  if (!manifest.description) problem(name, '"description" is missing');
  const exportsMap = manifest.exports ?? {};
  if (!exportsMap['./package.json']) problem(name, 'exports must include "./package.json"');
  for (const [subpath, target] of Object.entries(exportsMap)) {
    if (subpath === './package.json') continue;
    const keys = Object.keys(target);
    if (keys[keys.length - 1] !== 'default') problem(name, `exports["${subpath}"]: "default" must come last`);
    if (keys.indexOf('types') < 0 || keys.indexOf('types') > keys.indexOf('default')) {
      problem(name, `exports["${subpath}"]: "types" must come before "default"`);
    }
    const source = target['@ds/source'];
    if (!source || !existsSync(join(pkgDir, source)))
      problem(name, `exports["${subpath}"]: "@ds/source" must point at a file`);
  }
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    if (
      !dep.startsWith('@ds/') &&
      !ALLOWED_RUNTIME_DEPS.has(dep) &&
      name !== '@ds/emulator' &&
      name !== '@ds/auth-testing'
    ) {
      problem(name, `runtime dependency "${dep}" is not allowed (only jose and @ds/* packages)`);
    }
  }
  for (const file of ['README.md', 'tsconfig.json', 'tsconfig.build.json', 'vitest.config.ts']) {
    if (!existsSync(join(pkgDir, file))) problem(name, `${file} is missing`);
  }
  if (existsSync(join(pkgDir, 'README.md'))) {
    const readme = readFileSync(join(pkgDir, 'README.md'), 'utf8');
    if (!readme.startsWith(`# ${name}`)) problem(name, `README.md must start with "# ${name}"`);
    const sections =
      dir.startsWith('auth-') && dir !== 'auth-core' && dir !== 'auth-testing'
        ? STRATEGY_SECTIONS
        : ['Install', 'Usage'];
    for (const section of sections) {
      if (!new RegExp(`^## ${section}`, 'm').test(readme))
        problem(name, `README.md lacks a "## ${section}" section`);
    }
  }
  if (manifest.version === '0.0.0' && !changesets.some((text) => text.includes(`"${name}"`))) {
    problem(name, 'an unreleased package needs a changeset (.changeset/*.md)');
  }
  // Library code uses Web APIs; Node-only code lives under src/node or src/undici (the ./node and ./undici subpaths).
  if (dir.startsWith('auth-') && dir !== 'auth-testing' && existsSync(join(pkgDir, 'src'))) {
    for (const file of walk(join(pkgDir, 'src'))) {
      const rel = relative(join(pkgDir, 'src'), file);
      if (
        !file.endsWith('.ts') ||
        /\.test(-d)?\.ts$/.test(file) ||
        rel.startsWith('node/') ||
        rel.startsWith('undici/')
      )
        continue;
      // Code only: TSDoc examples may show what an app does (read the environment, use Buffer).
      const text = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
        .join('\n');
      if (/from ['"]node:/.test(text) || /\brequire\(/.test(text))
        problem(name, `src/${rel} imports a Node module outside src/node`);
      if (/\bBuffer\./.test(text)) problem(name, `src/${rel} uses Buffer; use Web APIs in library code`);
      if (/process\.env\.(?!NODE_ENV)/.test(text))
        problem(name, `src/${rel} reads process.env; apps pass values in`);
    }
  }
}

for (const line of problems) console.error(`✖ ${line}`);
if (problems.length > 0) {
  console.error(`${problems.length} package shape problem(s)`);
  process.exit(1);
}
console.log('package shape: ok');
