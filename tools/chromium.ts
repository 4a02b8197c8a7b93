// Debian's chromium for browser tests, driven by playwright-core (which each test imports itself:
// this file has no dependency so it resolves from any package). In CI a missing browser is a broken
// machine, not a reason to skip: `.ci/run` installs it.
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

/** The browser binary: `CHROMIUM_PATH`, else Debian's. */
export const CHROMIUM: string = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launch options for playwright-core's `chromium.launch()` that work on this machine (toolchain.md). */
export const CHROMIUM_LAUNCH: { executablePath: string; args: string[]; headless: boolean } = {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

/** `describe(name, body)` when chromium is there; a failing test in CI without it; a skip elsewhere. */
export function describeWithChromium(name: string, body: () => void): void {
  const available = existsSync(CHROMIUM);
  if (!available && process.env.CI) {
    describe(name, () => {
      it('has chromium', () => {
        throw new Error(`chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium"`);
      });
    });
    return;
  }
  if (!available)
    console.warn(`skipping the browser tests: no chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  describe.skipIf(!available)(`${name} (chromium at ${CHROMIUM})`, body);
}
