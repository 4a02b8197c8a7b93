import { AuthHttpError, createDocSpaceClient } from '@ds/auth-core';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  API_KEY_PERMISSIONS,
  createApiKey,
  createApiKeyAuth,
  deleteApiKey,
  getCurrentApiKey,
  listApiKeyPermissions,
  listApiKeys,
  updateApiKey,
  validateApiKey,
} from '../src/index.js';

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  await emulator.close();
});

function seededKey(name: string): string {
  const key = emulator.seed.apiKeys.find((candidate) => candidate.name === name);
  if (!key) throw new Error(`the emulator seed has no key "${name}"`);
  return key.key;
}

function clientFor(apiKey: string) {
  return createDocSpaceClient({ baseUrl: emulator.url, auth: createApiKeyAuth({ apiKey }), retries: 0 });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!AuthHttpError.isInstance(error)) return error;
  return { code: error.code, status: error.status };
}

describe('createApiKeyAuth against the emulator', () => {
  it('a full-access key reads /people/@self', async () => {
    const me = await clientFor(seededKey('full-access')).get<{ email: string }>('/api/2.0/people/@self');
    expect(me.email).toBe('admin@docspace.test');
  });

  it('a narrow key gets a typed 403 on /people/@self but validates through /keys/@self', async () => {
    const client = clientFor(seededKey('files-rooms-read'));
    expect(await failure(client.get('/api/2.0/people/@self'))).toEqual({
      code: 'ERR_AUTH_FORBIDDEN',
      status: 403,
    });
    const result = await validateApiKey(client);
    expect(result.valid && result.key.permissions).toEqual(['files:read', 'rooms:read']);
  });

  it('a lower-case "bearer" prefix gets 401: DocSpace matches "Bearer " case-sensitively', async () => {
    const client = createDocSpaceClient({
      baseUrl: emulator.url,
      headers: { authorization: `bearer ${seededKey('full-access')}` },
      retries: 0,
    });
    expect(await failure(client.get('/api/2.0/people/@self'))).toEqual({
      code: 'ERR_AUTH_UNAUTHORIZED',
      status: 401,
    });
  });

  it('an unknown key of the right shape gets 401 once, with no retry', async () => {
    const client = clientFor(`sk-${'0'.repeat(64)}`);
    emulator.requests.length = 0;
    expect(await failure(client.get('/api/2.0/people/@self'))).toEqual({
      code: 'ERR_AUTH_UNAUTHORIZED',
      status: 401,
    });
    expect(emulator.requests).toHaveLength(1);
    expect(await validateApiKey(client)).toEqual({ valid: false, reason: 'unauthorized' });
  });
});

describe('key management against the emulator', () => {
  it('lists the permissions the portal accepts', async () => {
    const permissions = await listApiKeyPermissions(clientFor(seededKey('full-access')));
    expect([...permissions].sort()).toEqual([...API_KEY_PERMISSIONS].sort());
  });

  it('creates, uses, deactivates and deletes a key', async () => {
    const admin = clientFor(seededKey('full-access'));
    const created = await createApiKey(admin, {
      name: 'roundtrip',
      permissions: ['files:read'],
      expiresInDays: 7,
    });
    expect(created).toMatchObject({ name: 'roundtrip', permissions: ['files:read'], isActive: true });
    expect(created.maskedKey).toBe(`sk-***${created.secret.reveal().slice(-4)}`);
    expect(created.expiresAt?.date.getTime()).toBeGreaterThan(created.createOn!.date.getTime());

    const own = clientFor(created.secret.reveal());
    expect(await getCurrentApiKey(own)).toMatchObject({ id: created.id, name: 'roundtrip' });
    const listed = await listApiKeys(admin);
    expect(listed.find((key) => key.id === created.id)).toMatchObject({ maskedKey: created.maskedKey });
    expect(JSON.stringify(listed)).not.toContain(created.secret.reveal());

    expect(await updateApiKey(admin, created.id, { isActive: false, name: 'roundtrip-off' })).toBe(true);
    expect(await validateApiKey(own)).toEqual({ valid: false, reason: 'unauthorized' });

    expect(await deleteApiKey(admin, created.id)).toBe(true);
    expect((await listApiKeys(admin)).some((key) => key.id === created.id)).toBe(false);
  });

  it('refuses a key for a guest with ERR_AUTH_FORBIDDEN', async () => {
    emulator.addUser({ email: 'guest@docspace.test', password: 'Guest-pass-1', role: 'guest' });
    const guestKey = emulator.addApiKey({ user: 'guest@docspace.test', name: 'guest-key' });
    const guest = clientFor(guestKey.key);
    expect(await failure(createApiKey(guest, { name: 'not-allowed' }))).toEqual({
      code: 'ERR_AUTH_FORBIDDEN',
      status: 403,
    });
  });
});
