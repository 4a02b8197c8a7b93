import type { Clock } from '@ds/auth-core';
import type { RunOutcome, WorkerLogger } from '../src/index.js';

/** A clock whose sleep records the delay and returns at once (rejecting when aborted), so tests never wait. */
export function instantClock(): { clock: Clock; sleeps: number[] } {
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => Date.now(),
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      signal?.throwIfAborted();
    },
  };
  return { clock, sleeps };
}

/** A logger that keeps its lines. */
export function memoryLogger(): WorkerLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (line) => lines.push(`info ${line}`),
    warn: (line) => lines.push(`warn ${line}`),
    error: (line) => lines.push(`error ${line}`),
  };
}

/** Collects outcomes and aborts `controller` once `count` runs have completed. */
export function stopAfter(
  count: number,
  controller: AbortController,
): { outcomes: RunOutcome[]; onRun: (outcome: RunOutcome) => void } {
  const outcomes: RunOutcome[] = [];
  return {
    outcomes,
    onRun: (outcome) => {
      outcomes.push(outcome);
      if (outcomes.length >= count) controller.abort();
    },
  };
}
