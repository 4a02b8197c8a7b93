import os from 'node:os';

/** Where a result came from: the numbers mean little without it. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  arch: string;
  node: string;
  date: string;
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
    date: new Date().toISOString(),
  };
}

/** One line for console headers and the README. */
export function describeMachine(machine: MachineInfo): string {
  return `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform} ${machine.arch}, Node ${machine.node}, ${machine.date}`;
}
