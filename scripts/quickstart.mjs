#!/usr/bin/env node
// The two README quick-start commands (`npm run demo`, `npm test`) land here.
// They must work on a fresh machine with only Node >= 20.19 and npm, and be safe to run twice:
// pinned pnpm through npm's own exec cache, a frozen install, a build, then the job.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PNPM = 'pnpm@10.34.9';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const job = process.argv[2];
const rest = process.argv.slice(3);

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`error: Node >= 20.19 is required, this is ${process.versions.node}`);
  process.exit(1);
}

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function pnpm(args) {
  return run('npm', ['exec', '--yes', `--package=${PNPM}`, '--', 'pnpm', ...args]);
}

function step(args) {
  const status = pnpm(args);
  if (status !== 0) process.exit(status);
}

step(['install', '--frozen-lockfile', '--reporter=append-only']);
step(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);

if (job === 'demo') {
  process.exit(pnpm(['--filter', '@ds/cli', 'run', 'demo', ...rest]));
} else if (job === 'test') {
  process.exit(run(process.execPath, [join(root, 'scripts', 'test-all.mjs'), ...rest]));
} else {
  console.error(`error: unknown job "${job}" (expected "demo" or "test")`);
  process.exit(2);
}
