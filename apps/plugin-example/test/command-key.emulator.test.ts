import { AuthHttpError, createDocSpaceClient } from '@ds/auth-core';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVault, type KeyVault } from './helpers.js';

let emulator: Emulator;
let vault: KeyVault;

beforeEach(async () => {
  emulator = await startEmulator();
  vault = createVault(emulator.seed.apiKeys[0]!.key);
});
afterEach(async () => {
  await emulator.close();
  vault.remove();
});

describe('createCommandKeyStrategy against the emulator', () => {
  it('reads /people/@self with the key the command printed', async () => {
    const client = createDocSpaceClient({ baseUrl: emulator.url, auth: vault.create() });
    await expect(client.get('/api/2.0/people/@self')).resolves.toMatchObject({
      email: 'admin@docspace.test',
    });
  });

  it('picks up a rotated key after the portal rejects the old one', async () => {
    const client = createDocSpaceClient({ baseUrl: emulator.url, auth: vault.create(), retries: 0 });
    await client.get('/api/2.0/people/@self');
    const rotated = emulator.addApiKey({ user: 'admin@docspace.test', name: 'rotated' });
    const oldKey = emulator.seed.apiKeys[0]!;
    const admin = createDocSpaceClient({
      baseUrl: emulator.url,
      headers: { authorization: `Bearer ${rotated.key}` },
    });
    await admin.delete(`/api/2.0/keys/${oldKey.id}`);
    vault.write(rotated.key);
    await expect(client.get('/api/2.0/people/@self')).resolves.toMatchObject({
      email: 'admin@docspace.test',
    });
    expect(vault.runs()).toBe(2);
  });

  it('a printed key the portal does not know ends in ERR_AUTH_UNAUTHORIZED', async () => {
    vault.write(`sk-${'e'.repeat(64)}`);
    const client = createDocSpaceClient({ baseUrl: emulator.url, auth: vault.create(), retries: 0 });
    const error = await client.get('/api/2.0/people/@self').catch((caught: unknown) => caught);
    expect(AuthHttpError.isInstance(error) && error.code).toBe('ERR_AUTH_UNAUTHORIZED');
  });
});
