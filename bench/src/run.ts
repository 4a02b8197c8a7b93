import { runCallback } from './benchmarks/callback.js';
import { runOverhead } from './benchmarks/overhead.js';
import { runSize } from './benchmarks/size.js';
import { runStampede } from './benchmarks/stampede.js';
import { describeMachine, machineInfo } from './harness/machine.js';
import { type BenchContext, type BenchResult, type Scale, writeResult } from './harness/result.js';
import { formatTable } from './harness/table.js';
import { updateReadme } from './readme.js';

/** Every benchmark by name, in the order `pnpm bench` runs them. */
export const BENCHMARKS: Record<string, (context: BenchContext) => Promise<BenchResult>> = {
  overhead: runOverhead,
  stampede: runStampede,
  callback: runCallback,
  size: runSize,
};
/** A benchmark name. */
export type BenchmarkName = keyof typeof BENCHMARKS;

/** Options of {@link runBenchmarks}. */
export interface RunOptions {
  names?: BenchmarkName[] | undefined;
  scale: Scale;
  outDir: string | undefined;
  log: (line: string) => void;
  /** Overhead view (c): the API server's delay before each answer, ms (default 1). */
  latencyMs?: number | undefined;
  /** Overhead and callback: exactly this many rounds (in every view), not the scale's rounds within its budget. */
  rounds?: number | undefined;
  /** Rewrite the results section of bench/README.md from the results directory afterwards. */
  updateReadme?: boolean | undefined;
}

/** Runs benchmarks one after another, prints each table, writes each result; returns the results. */
export async function runBenchmarks(options: RunOptions): Promise<BenchResult[]> {
  const started = performance.now();
  const names = options.names ?? Object.keys(BENCHMARKS);
  options.log(`machine: ${describeMachine(machineInfo())}`);
  const results: BenchResult[] = [];
  for (const name of names) {
    options.log(`\n== ${name}`);
    const context: BenchContext = {
      scale: options.scale,
      outDir: options.outDir,
      log: options.log,
      latencyMs: options.latencyMs,
      rounds: options.rounds,
    };
    const result = await BENCHMARKS[name]!(context);
    for (const table of result.tables) options.log(`\n${formatTable(table)}`);
    for (const note of result.notes) options.log(`  note: ${note}`);
    const path = await writeResult(result, options.outDir);
    options.log(
      `  ${result.status}, ${(result.durationMs / 1000).toFixed(1)} s${path ? `, wrote ${path}` : ''}`,
    );
    results.push(result);
  }
  if (options.updateReadme && options.outDir !== undefined) {
    const readme = await updateReadme(options.outDir);
    if (readme) options.log(`\nupdated ${readme}`);
  }
  options.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return results;
}
