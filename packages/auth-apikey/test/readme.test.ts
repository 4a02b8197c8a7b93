// The README's Usage examples run against the emulator (they read DOCSPACE_URL and DOCSPACE_API_KEY
// as an app would, here its full-access key) and print exactly what the README shows.
import { fileURLToPath } from 'node:url';
import { describeReadmeExamples } from '@ds/auth-testing/node';
import { startEmulator } from '@ds/emulator';
import { afterEach, expect, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
});

describeReadmeExamples({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  sections: ['Usage'],
  async around(run) {
    const portal = await startEmulator();
    vi.stubEnv('DOCSPACE_URL', portal.url);
    vi.stubEnv('DOCSPACE_API_KEY', portal.seed.apiKeys.find((key) => key.name === 'full-access')!.key);
    try {
      // A created key is shown once, as a Secret: never in full.
      expect(await run()).not.toMatch(/sk-[0-9a-f]{64}/);
    } finally {
      await portal.close();
    }
  },
});
