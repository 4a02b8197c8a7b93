// The README's Usage example runs against the emulator (it reads DOCSPACE_URL, DOCSPACE_EMAIL and
// DOCSPACE_PASSWORD as an app would, here the portal owner's) and prints what the README shows.
import { fileURLToPath } from 'node:url';
import { describeReadmeExamples } from '@ds/auth-testing/node';
import { startEmulator } from '@ds/emulator';
import { afterEach, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
});

describeReadmeExamples({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  sections: ['Usage'],
  async around(run) {
    const portal = await startEmulator();
    const owner = portal.seed.users.find((user) => user.role === 'owner') ?? portal.seed.users[0]!;
    vi.stubEnv('DOCSPACE_URL', portal.url);
    vi.stubEnv('DOCSPACE_EMAIL', owner.email);
    vi.stubEnv('DOCSPACE_PASSWORD', owner.password);
    try {
      await run();
    } finally {
      await portal.close();
    }
  },
});
