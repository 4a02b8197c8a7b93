#!/usr/bin/env node
// The two README quick-start commands (`npm run demo`, `npm test`) land here, and the release job.
// They must work on a fresh machine with only Node >= 20.19 and npm, and be safe to run twice:
// the pinned pnpm comes through npm's own exec cache and is put on PATH for every child (turbo,
// publint and the release script spawn `pnpm` themselves), then a frozen install, a build, the job.
import { spawnSync } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';
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

/** The directory holding the pinned pnpm: npm installs it into its exec cache once, then reuses it. */
function pinnedPnpmDir() {
  const result = spawnSync(
    'npm',
    ['exec', '--yes', `--package=${PNPM}`, '--call', 'node -p process.env.PATH'],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (result.error) throw result.error;
  const dirs = (result.stdout ?? '').trim().split(delimiter);
  const found = dirs.find((dir) => dir.includes('_npx') && dir.endsWith(join('node_modules', '.bin')));
  if (result.status !== 0 || !found) {
    console.error(`error: could not install ${PNPM} with npm exec (status ${result.status})`);
    process.exit(1);
  }
  return found;
}

const path = [pinnedPnpmDir(), join(root, 'node_modules', '.bin'), process.env.PATH ?? ''].join(delimiter);
const env = { ...process.env, PATH: path, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function step(args) {
  const status = run('pnpm', args);
  if (status !== 0) process.exit(status);
}

step(['install', '--frozen-lockfile', '--reporter=append-only']);
step(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);

if (job === 'demo') {
  process.exit(run('pnpm', ['--filter', '@ds/auth-cli', 'run', 'demo', ...rest]));
} else if (job === 'release') {
  // Publishes every package whose version is not on the registry yet (`changeset publish`).
  process.exit(run('pnpm', ['run', 'release', ...rest]));
} else if (job === 'test') {
  process.exit(run(process.execPath, [join(root, 'scripts', 'test-all.mjs'), ...rest]));
} else {
  console.error(`error: unknown job "${job}" (expected "demo", "test" or "release")`);
  process.exit(2);
}
