import type { CliOutput } from './io.js';

/** Shows what is happening on a terminal, and nothing when output goes to a file or pipe. */
export interface Progress {
  /** Shows `text` with a spinner (starting it if needed). */
  step(text: string): void;
  /** Stops the spinner and clears its line, e.g. before a prompt or the result. */
  done(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A one-line spinner on `output` when it is a TTY and `enabled`; a no-op otherwise. It runs only
 * between `step()` and `done()`, so it never draws over a prompt.
 */
export function createProgress(output: CliOutput, enabled: boolean): Progress {
  if (!enabled || output.isTTY !== true) return { step: () => undefined, done: () => undefined };
  let text = '';
  let frame = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  const draw = (): void => {
    output.write(`\r${FRAMES[frame]} ${text}\u001b[K`);
  };
  return {
    step(next) {
      text = next;
      if (!timer) {
        timer = setInterval(() => {
          frame = (frame + 1) % FRAMES.length;
          draw();
        }, 80);
        timer.unref();
      }
      draw();
    },
    done() {
      if (!timer) return;
      clearInterval(timer);
      timer = undefined;
      output.write('\r\u001b[K');
    },
  };
}
