import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import os from 'node:os';

/** Where a result came from: the numbers mean little without it. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  arch: string;
  node: string;
  /** The undici the benchmarks load (7 on Node 20; 8 through src/hooks/undici8.mjs on Node 24). */
  undici: string;
  date: string;
}

/** The version of the `undici` this process resolves (and so loads). */
function undiciVersion(): string {
  try {
    const entry = createRequire(import.meta.url).resolve('undici');
    return (JSON.parse(readFileSync(join(dirname(entry), 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

/** Describes this machine and the Node.js running the benchmark. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    platform: `${os.type()} ${os.release()}`,
    arch: process.arch,
    node: process.version,
    undici: undiciVersion(),
    date: new Date().toISOString(),
  };
}

/** One line for console headers and the README. */
export function describeMachine(machine: MachineInfo): string {
  return `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform} ${machine.arch}, Node ${machine.node}, undici ${machine.undici}, ${machine.date}`;
}
