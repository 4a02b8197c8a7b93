import { AuthHttpError, createDocSpaceClient } from '@ds/auth-core';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBasicAuth } from '../src/index.js';

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  await emulator.close();
});

function clientFor(email: string, password: string) {
  return createDocSpaceClient({
    baseUrl: emulator.url,
    auth: createBasicAuth({ email, password }),
    retries: 0,
  });
}

function seededUser(email: string) {
  const user = emulator.seed.users.find((candidate) => candidate.email === email);
  if (!user) throw new Error(`the emulator seed has no user "${email}"`);
  return user;
}

describe('createBasicAuth against the emulator', () => {
  it('reads /people/@self with e-mail and password', async () => {
    const admin = seededUser('admin@docspace.test');
    const me = await clientFor(admin.email, admin.password).get<{ id: string; email: string }>(
      '/api/2.0/people/@self',
    );
    expect(me).toMatchObject({ id: admin.id, email: admin.email });
  });

  it('sends a non-ASCII password as UTF-8, as the portal decodes it', async () => {
    emulator.addUser({ email: 'jörg@docspace.test', password: 'Pässwörd-€-1', role: 'user' });
    const me = await clientFor('jörg@docspace.test', 'Pässwörd-€-1').get<{ email: string }>(
      '/api/2.0/people/@self',
    );
    expect(me.email).toBe('jörg@docspace.test');
  });

  it('is not stopped by two-factor authentication (DocSpace does not check 2FA for Basic)', async () => {
    const user = seededUser('user@docspace.test');
    expect(user.tfa).toBe('app');
    await expect(clientFor(user.email, user.password).get('/api/2.0/people/@self')).resolves.toMatchObject({
      email: user.email,
    });
  });

  it('maps a wrong password to ERR_AUTH_UNAUTHORIZED after one request', async () => {
    emulator.requests.length = 0;
    const error = await clientFor('admin@docspace.test', 'wrong-password')
      .get('/api/2.0/people/@self')
      .catch((caught: unknown) => caught);
    expect(AuthHttpError.isInstance(error) && { code: error.code, status: error.status }).toEqual({
      code: 'ERR_AUTH_UNAUTHORIZED',
      status: 401,
    });
    expect(emulator.requests).toHaveLength(1);
    expect(String(error)).not.toContain('wrong-password');
  });
});
