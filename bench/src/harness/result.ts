import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type MachineInfo, machineInfo } from './machine.js';
import type { Table } from './table.js';

/** Scale of a run: `full` for real numbers, `smoke` for tiny counts that only prove a benchmark runs. */
export type Scale = 'full' | 'smoke';

/** What every benchmark receives. */
export interface BenchContext {
  scale: Scale;
  /** Directory for `<name>.json`; `undefined` writes nothing. */
  outDir: string | undefined;
  log: (line: string) => void;
  /** Overhead view (c): milliseconds the API server waits before each answer. Default 1. */
  latencyMs?: number | undefined;
  /** Overhead and callback: run exactly this many rounds (every view), whatever the time budget. */
  rounds?: number | undefined;
}

/** The common shape of every results file. */
export interface BenchResult<D = unknown> {
  name: string;
  title: string;
  /** `pending` when what it measures does not exist yet; `data` then says why. */
  status: 'ok' | 'pending';
  scale: Scale;
  machine: MachineInfo;
  durationMs: number;
  settings: Record<string, unknown>;
  tables: Table[];
  notes: string[];
  data: D;
}

/** Fills the common fields of a result. */
export function makeResult<D>(
  fields: Omit<BenchResult<D>, 'machine' | 'durationMs' | 'scale'>,
  context: BenchContext,
  startedAt: number,
): BenchResult<D> {
  return {
    ...fields,
    scale: context.scale,
    machine: machineInfo(),
    durationMs: Math.round(performance.now() - startedAt),
  };
}

/** Writes `<outDir>/<name>.json` atomically (temp file + rename); returns the path, or undefined. */
export async function writeResult(
  result: BenchResult,
  outDir: string | undefined,
): Promise<string | undefined> {
  if (outDir === undefined) return undefined;
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, `${result.name}.json`);
  await writeFile(`${path}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
  return path;
}
