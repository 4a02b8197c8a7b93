/** What `startEmulator({ clock })` accepts: the real clock, a manual one, or any `{ now() }`. */
export type ClockOption = 'system' | 'manual' | { now(): number };

/** The emulator's clock: every expiry, window and JWT timestamp reads it. */
export interface EmulatorClock {
  /** Current time in epoch milliseconds. */
  now(): number;
  /** Moves time forward by `ms` (works with every clock kind: it adds an offset). */
  advance(ms: number): void;
  /** Sets the current time to `epochMs` (adjusts the offset). */
  set(epochMs: number): void;
}

/**
 * Creates the emulator clock; `manual` starts at `start` (default: the real time now) and only moves on `advance`.
 *
 * @example
 * const clock = createClock('manual');
 * clock.advance(60_000);
 */
export function createClock(option: ClockOption | undefined, start: number = Date.now()): EmulatorClock {
  let base: () => number;
  if (option === undefined || option === 'system') base = () => Date.now();
  else if (option === 'manual') base = () => start;
  else if (typeof option === 'object' && typeof option.now === 'function') base = () => option.now();
  else throw new TypeError('"clock" must be "system", "manual" or an object with now()');
  let offset = 0;
  return {
    now: () => base() + offset,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('"ms" must be a non-negative number');
      offset += ms;
    },
    set(epochMs: number) {
      offset = epochMs - base();
    },
  };
}
