import type { Emulator, EmulatorOptions } from '@ds/emulator';

/** The local portal for the demo: an emulator with this app registered and two rooms. */
export interface DemoPortal {
  readonly emulator: Emulator;
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * Starts `@ds/emulator` in-process on 127.0.0.1, registers an OAuth app whose redirect URI is
 * `{publicUrl}/callback` (as you would on a real portal), and creates the rooms "Contracts" and
 * "Marketing" for the seeded admin. The emulator is imported lazily: with a real portal it is never
 * loaded. Throws when the emulator cannot start or a room cannot be created.
 *
 * @example
 * ```ts
 * const portal = await startDemoPortal('http://127.0.0.1:3000', { clock: 'manual' });
 * await portal.emulator.close();
 * ```
 */
export async function startDemoPortal(publicUrl: string, options: EmulatorOptions = {}): Promise<DemoPortal> {
  const { startEmulator } = await import('@ds/emulator');
  const emulator = await startEmulator(options);
  try {
    const app = emulator.addClient({
      name: 'DocSpace sample web app',
      redirectUris: [`${publicUrl}/callback`],
      scopes: ['openid', 'accounts.self:read', 'rooms:read'],
      allowedOrigins: [publicUrl],
    });
    const admin = emulator.seed.apiKeys.find((key) => key.name === 'full-access');
    if (!admin) throw new Error('the emulator has no "full-access" API key');
    for (const title of ['Contracts', 'Marketing']) {
      const response = await fetch(`${emulator.url}/api/2.0/files/rooms`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title, roomType: title === 'Contracts' ? 2 : 6 }),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`creating the demo room "${title}" failed with ${response.status}`);
    }
    return { emulator, clientId: app.clientId, clientSecret: app.clientSecret };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
