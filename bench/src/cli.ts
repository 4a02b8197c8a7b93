// `tsx src/cli.ts [overhead|stampede|callback|size ...] [--smoke] [--out DIR] [--no-write] [--latency-ms=N] [--rounds=N]`
// Runs the named benchmarks (all by default), prints their tables and writes results/<name>.json.
import { fileURLToPath } from 'node:url';
import { BENCHMARKS, type BenchmarkName, runBenchmarks } from './run.js';

const args = process.argv.slice(2);
const names = args.filter((arg) => !arg.startsWith('--') && args[args.indexOf(arg) - 1] !== '--out');
const unknown = names.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`error: unknown benchmark "${unknown[0]}" (expected ${Object.keys(BENCHMARKS).join(', ')})`);
  process.exit(2);
}
const latencyArg = args.find((arg) => arg.startsWith('--latency-ms='));
const latencyMs = latencyArg === undefined ? undefined : Number(latencyArg.slice('--latency-ms='.length));
if (latencyMs !== undefined && !(Number.isFinite(latencyMs) && latencyMs >= 0)) {
  console.error(`error: --latency-ms must be a number of milliseconds >= 0, got "${latencyArg}"`);
  process.exit(2);
}
const roundsArg = args.find((arg) => arg.startsWith('--rounds='));
const rounds = roundsArg === undefined ? undefined : Number(roundsArg.slice('--rounds='.length));
if (rounds !== undefined && !(Number.isInteger(rounds) && rounds >= 2 && rounds % 2 === 0)) {
  console.error(
    `error: --rounds must be an even whole number >= 2 (rounds run in mirrored pairs), got "${roundsArg}"`,
  );
  process.exit(2);
}
const outIndex = args.indexOf('--out');
const outDir = args.includes('--no-write')
  ? undefined
  : outIndex >= 0
    ? args[outIndex + 1]
    : fileURLToPath(new URL('../results', import.meta.url));

await runBenchmarks({
  names: names.length > 0 ? (names as BenchmarkName[]) : undefined,
  scale: args.includes('--smoke') ? 'smoke' : 'full',
  outDir,
  log: (line) => console.log(line),
  latencyMs,
  rounds,
  updateReadme: outIndex < 0 && outDir !== undefined && !args.includes('--smoke'),
});
