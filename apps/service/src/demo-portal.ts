import type { Emulator } from '@ds/emulator';
import { request } from 'undici';

/** A local DocSpace emulator with two rooms and two API keys. */
export interface DemoPortal {
  readonly url: string;
  /** The emulator itself: fault switches, request log, clock. */
  readonly emulator: Emulator;
  /** `full`: the seeded `full-access` key (`["*"]`). `narrow`: a `files-read` key (`["files:read"]`), refused for rooms with 403. */
  readonly keys: { readonly full: string; readonly narrow: string };
  close(): Promise<void>;
}

/**
 * Starts `@ds/emulator` in-process on 127.0.0.1 and creates two rooms ("Contracts", "Marketing")
 * and a narrow key. The seeded `files-rooms-read` key has `rooms:read` and would succeed, so the
 * narrow key is added here with `files:read` only. The emulator is imported lazily: with a real
 * portal it is never loaded.
 *
 * @example
 * ```ts
 * const portal = await startDemoPortal();
 * console.log(portal.url, portal.keys.narrow.length);
 * await portal.close();
 * ```
 */
export async function startDemoPortal(): Promise<DemoPortal> {
  const { startEmulator } = await import('@ds/emulator');
  const emulator = await startEmulator();
  try {
    const full = emulator.seed.apiKeys.find((candidate) => candidate.name === 'full-access');
    if (!full) throw new Error('the emulator has no "full-access" key');
    for (const title of ['Contracts', 'Marketing']) {
      const response = await request(`${emulator.url}/api/2.0/files/rooms`, {
        method: 'POST',
        headers: { authorization: `Bearer ${full.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title }),
      });
      await response.body.dump();
      if (response.statusCode !== 200)
        throw new Error(`creating a demo room failed with ${response.statusCode}`);
    }
    const narrow = emulator.addApiKey({
      user: 'user@docspace.test',
      name: 'files-read',
      permissions: ['files:read'],
    });
    return {
      url: emulator.url,
      emulator,
      keys: { full: full.key, narrow: narrow.key },
      close: () => emulator.close(),
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
