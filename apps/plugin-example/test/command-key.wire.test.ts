import { AuthHttpError, createDocSpaceClient } from '@ds/auth-core';
import { docSpaceEnvelope } from '@ds/auth-testing';
import { type LoopbackServer, startLoopbackServer } from '@ds/auth-testing/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVault, type KeyVault } from './helpers.js';

const OLD_KEY = `sk-${'0'.repeat(64)}`;
const NEW_KEY = `sk-${'f'.repeat(64)}`;
let vault: KeyVault;
let server: LoopbackServer;
let accepted: string;

beforeEach(async () => {
  vault = createVault(OLD_KEY);
  accepted = OLD_KEY;
  server = await startLoopbackServer((request) =>
    request.headers.authorization === `Bearer ${accepted}`
      ? { body: docSpaceEnvelope({ id: 'u1', displayName: 'Jane Doe' }) }
      : { status: 401 },
  );
});
afterEach(async () => {
  await server.close();
  vault.remove();
});

describe('createCommandKeyStrategy on the wire (loopback portal, @ds/auth-core client)', () => {
  it('authenticates a DocSpace call with the key the command printed', async () => {
    const client = createDocSpaceClient({ baseUrl: server.origin, auth: vault.create() });
    expect(await client.get('/api/2.0/people/@self')).toEqual({ id: 'u1', displayName: 'Jane Doe' });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${OLD_KEY}`);
  });

  it('after a rotation, a 401 invalidates, re-runs the command and retries once', async () => {
    const client = createDocSpaceClient({ baseUrl: server.origin, auth: vault.create() });
    await client.get('/api/2.0/people/@self');
    accepted = NEW_KEY; // the key was rotated in the vault and on the portal
    vault.write(NEW_KEY);
    expect(await client.get('/api/2.0/people/@self')).toMatchObject({ id: 'u1' });
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${OLD_KEY}`,
      `Bearer ${OLD_KEY}`,
      `Bearer ${NEW_KEY}`,
    ]);
    expect(vault.runs()).toBe(2);
  });

  it('a key that is still wrong after the re-run ends in ERR_AUTH_UNAUTHORIZED, with no loop', async () => {
    accepted = NEW_KEY;
    const client = createDocSpaceClient({ baseUrl: server.origin, auth: vault.create() });
    const error = await client.get('/api/2.0/people/@self').catch((caught: unknown) => caught);
    expect(AuthHttpError.isInstance(error) && { code: error.code, status: error.status }).toEqual({
      code: 'ERR_AUTH_UNAUTHORIZED',
      status: 401,
    });
    expect(server.requests).toHaveLength(2);
  });
});
