import type { CliOutput } from './io.js';

/** Shows what is happening on a terminal, and nothing when output goes to a file or pipe. */
export interface Progress {
  step(text: string): void;
  done(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A one-line spinner on `output` when it is a TTY and `enabled`; a no-op otherwise. */
export function createProgress(output: CliOutput, enabled: boolean): Progress {
  if (!enabled || output.isTTY !== true) return { step: () => undefined, done: () => undefined };
  let text = '';
  let frame = 0;
  const timer = setInterval(() => {
    frame = (frame + 1) % FRAMES.length;
    output.write(`\r${FRAMES[frame]} ${text}\u001b[K`);
  }, 80);
  timer.unref();
  return {
    step(next) {
      text = next;
      output.write(`\r${FRAMES[frame]} ${text}\u001b[K`);
    },
    done() {
      clearInterval(timer);
      output.write('\r\u001b[K');
    },
  };
}
