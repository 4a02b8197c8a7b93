import type { RunOutcome } from './types.js';

/**
 * The log line of one run: what happened, what comes next, and the key's fingerprint (never the key).
 *
 * @example
 * ```ts
 * formatRun(outcome, 'sha256:4f1c2a9be07d');
 * // 'run 1: 2 rooms: "Contracts", "Marketing"; next run in 60 s (key sha256:4f1c2a9be07d)'
 * ```
 */
export function formatRun(outcome: RunOutcome, keyFingerprint: string): string {
  const next =
    outcome.nextDelayMs === undefined ? 'stopping' : `next run in ${formatMs(outcome.nextDelayMs)}`;
  const key = `(key ${keyFingerprint})`;
  if (outcome.ok) {
    const { rooms, total } = outcome.page;
    const titles = rooms.slice(0, 3).map((room) => JSON.stringify(room.title));
    if (rooms.length > 3) titles.push('…');
    const count = total === rooms.length ? `${total} rooms` : `${rooms.length} of ${total} rooms`;
    return `run ${outcome.run}: ${count}${titles.length > 0 ? `: ${titles.join(', ')}` : ''}; ${next} ${key}`;
  }
  const { code, message, hint } = outcome.failure;
  return `run ${outcome.run}: ${code} ${message}${hint ? `; hint: ${hint}` : ''}; ${next} ${key}`;
}

/** `250 ms`, `1.5 s`, `60 s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}
