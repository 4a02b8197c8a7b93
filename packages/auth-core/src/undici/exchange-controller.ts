import type { Dispatcher } from 'undici';

/**
 * The one controller the caller's handler sees for a whole exchange (authenticating, the first
 * attempt, a retry). It forwards pause/resume/abort to whichever connection is live, keeps a pause
 * across attempts, and reports an abort to its owner even when no connection is live yet (while
 * `authenticate()` runs), so an abort can never be lost.
 */
export class ExchangeController implements Dispatcher.DispatchController {
  #target: Dispatcher.DispatchController | null = null;
  #paused = false;
  #aborted = false;
  #reason: Error | null = null;
  readonly #onAbort: (reason: Error) => void;

  constructor(onAbort: (reason: Error) => void) {
    this.#onAbort = onAbort;
  }

  /** Points the controller at the live connection (or at none). */
  attach(target: Dispatcher.DispatchController | null): void {
    this.#target = target;
    if (target !== null && this.#paused) target.pause();
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  get paused(): boolean {
    return this.#paused;
  }

  get reason(): Error | null {
    return this.#reason;
  }

  get rawHeaders(): Dispatcher.DispatchController['rawHeaders'] {
    return this.#target?.rawHeaders ?? null;
  }

  get rawTrailers(): Dispatcher.DispatchController['rawTrailers'] {
    return this.#target?.rawTrailers ?? null;
  }

  abort(reason: Error): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason ?? abortError();
    this.#onAbort(this.#reason);
  }

  pause(): void {
    this.#paused = true;
    this.#target?.pause();
  }

  resume(): void {
    this.#paused = false;
    this.#target?.resume();
  }
}

/** The reason used when an abort came without one (an `EventEmitter` signal, `abort()` without argument). */
export function abortError(): Error {
  return new DOMException('This operation was aborted', 'AbortError');
}
