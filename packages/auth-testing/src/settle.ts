/** How a promise ended within the step bound. */
export type Settled<T> =
  | { readonly state: 'fulfilled'; readonly value: T }
  | { readonly state: 'rejected'; readonly reason: unknown }
  | { readonly state: 'hung' };

/**
 * Waits for `run()` (which may throw synchronously) for at most `ms` milliseconds. The bound only
 * turns a hang into a finding; it never measures speed. The timer is cleared either way.
 */
export async function settle<T>(run: () => T | Promise<T>, ms: number): Promise<Settled<Awaited<T>>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<{ state: 'hung' }>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'hung' }), ms);
  });
  const outcome = (async (): Promise<Settled<Awaited<T>>> => {
    try {
      return { state: 'fulfilled', value: await run() };
    } catch (reason) {
      return { state: 'rejected', reason };
    }
  })();
  try {
    return await Promise.race([outcome, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves after the current macrotask, so work a call started has a chance to begin. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
