#!/usr/bin/env node
// Checks that every published package has the same shape: manifest fields (release metadata
// included), an exports map that points only at shipped files, LICENSE and CHANGELOG, README
// sections, a changeset while unreleased, Web-API-only library code, and the dependency policy.
// Run after a build: it also looks at dist/ for source maps. Prints one line per problem, exits 1 if any.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPOSITORY = 'https://github.com/ds-auth/ds-auth';
const CONDITIONS = new Set(['types', 'import', 'require', 'node', 'browser', 'default']);
const license = readFileSync(join(root, 'LICENSE'), 'utf8');
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

/** The text under one `## ` heading of a markdown document, up to the next one. */
function sectionText(markdown, section) {
  const start = markdown.search(new RegExp(`^## ${section}\\s*$`, 'm'));
  if (start < 0) return '';
  const rest = markdown.slice(start).split('\n').slice(1);
  const end = rest.findIndex((line) => /^## /.test(line));
  return (end < 0 ? rest : rest.slice(0, end)).join('\n');
}

/** The runnable ```ts blocks of a markdown text (not ```ts no-run). */
function runnableExamples(markdown) {
  return [...markdown.matchAll(/^```ts[ \t]*\n([\s\S]*?)^```[ \t]*$/gm)].map((match) => match[1]);
}

/** The npm packages a module imports (`@scope/name` or `name`; Node built-ins left out). */
function importedPackages(code) {
  return [...code.matchAll(/\bfrom '([^'.][^']*)'/g)]
    .map((match) => match[1])
    .filter((specifier) => !specifier.startsWith('node:'))
    .map((specifier) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/'),
    );
}

/** Every string an exports value can resolve to, with the conditions on the way. */
function targets(value, conditions = []) {
  if (typeof value === 'string') return [{ target: value, conditions }];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => targets(inner, [...conditions, key]));
}

const workspaceDirs = ['packages', 'apps'].flatMap((group) =>
  readdirSync(join(root, group)).map((dir) => ({ group, dir })),
);

/** Every workspace package's exports subpaths (`.`, `./node`, `./strategy`, ...), by package name. */
const exportedSubpaths = new Map(
  workspaceDirs
    .map(({ group, dir }) => join(root, group, dir, 'package.json'))
    .filter((path) => existsSync(path))
    .map((path) => JSON.parse(readFileSync(path, 'utf8')))
    .map((manifest) => [manifest.name, new Set(Object.keys(manifest.exports ?? {}))]),
);

/** The `@ds/*` specifiers a library file imports that its package does not export (a deep or unknown path). */
function unexportedImports(code) {
  return [...code.matchAll(/\bfrom '(@ds\/[^']+)'/g)]
    .map((match) => match[1])
    .filter((specifier) => {
      const [scope, name, ...rest] = specifier.split('/');
      const subpaths = exportedSubpaths.get(`${scope}/${name}`);
      return subpaths !== undefined && !subpaths.has(rest.length === 0 ? '.' : `./${rest.join('/')}`);
    });
}

for (const { group, dir } of workspaceDirs) {
  const pkgDir = join(root, group, dir);
  const manifestPath = join(pkgDir, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.private) continue;
  const name = manifest.name ?? dir;
  const directory = `${group}/${dir}`;
  const isBinOnly = Object.keys(manifest.exports ?? {}).every((subpath) => subpath === './package.json');

  if (!name.startsWith('@ds/')) problem(name, 'name must be in the @ds scope');
  if (manifest.type !== 'module') problem(name, '"type" must be "module"');
  if (manifest.sideEffects !== false && !isBinOnly) problem(name, '"sideEffects" must be false');
  if (!(manifest.files ?? []).includes('dist')) problem(name, '"files" must include "dist"');
  for (const file of manifest.files ?? []) {
    if (/^(src|test)\b|\.turbo|\*\*/.test(file)) problem(name, `"files" must not ship "${file}"`);
  }
  if (manifest.repository?.url !== `git+${REPOSITORY}.git` || manifest.repository?.directory !== directory) {
    problem(name, `"repository" must be { url: "git+${REPOSITORY}.git", directory: "${directory}" }`);
  }
  if (manifest.homepage !== `${REPOSITORY}/tree/main/${directory}#readme`)
    problem(name, '"homepage" is wrong');
  if (manifest.bugs?.url !== `${REPOSITORY}/issues`) problem(name, '"bugs.url" is wrong');
  if (manifest.publishConfig?.access !== 'public') problem(name, '"publishConfig.access" must be "public"');
  if (!existsSync(join(pkgDir, 'LICENSE')) || readFileSync(join(pkgDir, 'LICENSE'), 'utf8') !== license) {
    problem(name, 'LICENSE must be a copy of the root LICENSE');
  }
  if (manifest.version !== '0.0.0' && !existsSync(join(pkgDir, 'CHANGELOG.md'))) {
    problem(name, 'CHANGELOG.md is missing (written by "changeset version")');
  }
  if (!(manifest.files ?? []).includes('CHANGELOG.md')) problem(name, '"files" must ship CHANGELOG.md');
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
    // Published manifests point only at shipped files: no source condition, nothing outside "files".
    for (const { target: file, conditions } of targets(target)) {
      const unknown = conditions.find((condition) => !CONDITIONS.has(condition));
      if (unknown) problem(name, `exports["${subpath}"]: condition "${unknown}" is not allowed`);
      if (!(manifest.files ?? []).some((shipped) => file.startsWith(`./${shipped}/`)))
        problem(name, `exports["${subpath}"]: "${file}" is not in "files"`);
      else if (existsSync(join(pkgDir, 'dist')) && !existsSync(join(pkgDir, file)))
        problem(name, `exports["${subpath}"]: "${file}" does not exist after the build`);
    }
    // tools/workspace-sources.ts maps each ./dist/<path>.js to ./src/<path>.ts for the tests.
    const built = targets(target).find(({ conditions }) => conditions.at(-1) === 'default')?.target;
    const source = built && /^\.\/dist\/(.+)\.js$/.exec(built)?.[1];
    if (group === 'packages' && source && !existsSync(join(pkgDir, 'src', `${source}.ts`)))
      problem(name, `exports["${subpath}"]: no source file src/${source}.ts for the tests to read`);
  }
  // Maps would point at sources the package does not ship.
  if (existsSync(join(pkgDir, 'dist'))) {
    for (const file of walk(join(pkgDir, 'dist'))) {
      if (file.endsWith('.map') || /sourceMappingURL=/.test(readFileSync(file, 'utf8')))
        problem(name, `${relative(pkgDir, file)} is or names a source map`);
    }
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
  for (const file of ['README.md', 'LICENSE', 'tsconfig.json', 'tsconfig.build.json', 'vitest.config.ts']) {
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
    // The Install section names every package the runnable Usage examples import, and how to run them.
    const install = sectionText(readme, 'Install');
    const installed = new Set(
      [...install.matchAll(/^npm install ([^#\n]+)/gm)].flatMap((match) =>
        match[1]
          .trim()
          .split(/\s+/)
          .filter((word) => !word.startsWith('-'))
          .map((spec) => spec.replace(/(?<=.)@[^/]*$/, '')),
      ),
    );
    const examples = runnableExamples(sectionText(readme, 'Usage'));
    for (const imported of new Set(examples.flatMap(importedPackages))) {
      if (imported !== name && !installed.has(imported))
        problem(name, `README.md: the Usage examples import "${imported}" but Install does not install it`);
    }
    if (examples.length > 0 && !/\btsx\b/.test(install))
      problem(name, 'README.md: Install must say how to run the TypeScript examples (tsx on Node 20)');
  }
  if (manifest.version === '0.0.0' && !changesets.some((text) => text.includes(`"${name}"`))) {
    problem(name, 'an unreleased package needs a changeset (.changeset/*.md)');
  }
  // Code reaches another @ds package only through what it exports (`@ds/auth-core/strategy`, never a
  // path into its files), so it works the same from the registry as inside the repository.
  if (existsSync(join(pkgDir, 'src'))) {
    for (const file of walk(join(pkgDir, 'src'))) {
      if (!file.endsWith('.ts') || /\.test(-d)?\.ts$/.test(file)) continue;
      for (const specifier of unexportedImports(readFileSync(file, 'utf8')))
        problem(name, `${relative(pkgDir, file)} imports "${specifier}", which that package does not export`);
    }
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
