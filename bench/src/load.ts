/** What a closed-loop load run measured. */
export interface LoadSample {
  requests: number;
  elapsedMs: number;
  requestsPerSecond: number;
  /** Client CPU time (user + system) per request, microseconds. The server runs in another process. */
  cpuMicrosPerRequest: number;
}

/**
 * Keeps `concurrency` requests in flight for `durationMs` (each worker sends the next request as soon
 * as its previous one finished) and counts what completed.
 */
export async function closedLoop(
  send: () => Promise<void>,
  options: { concurrency: number; durationMs: number },
): Promise<LoadSample> {
  let requests = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + options.durationMs;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await send();
      requests += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    requests,
    elapsedMs,
    requestsPerSecond: (requests / elapsedMs) * 1000,
    cpuMicrosPerRequest: (cpu.user + cpu.system) / Math.max(1, requests),
  };
}
