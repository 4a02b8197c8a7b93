import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, kidOf, oidcClient, signIn } from './fixtures/helpers.js';

let portal: Emulator;
beforeEach(async () => {
  portal = await startEmulator({ clock: 'manual' });
});
afterEach(async () => {
  await portal.close();
});

describe('JWKS rotation on the emulator', () => {
  it('accepts the new kid after rotation and rejects the dropped one', async () => {
    const client = oidcClient(portal);
    const before = await signIn(portal, client);
    const newKid = await portal.rotateSigningKey({ keepRetired: false });
    portal.clock.advance(31_000); // past the JWKS cooldown after our last fetch
    const after = await signIn(portal, client);
    expect(kidOf(after.tokens.idToken!)).toBe(newKid);
    expect(kidOf(before.tokens.idToken!)).not.toBe(newKid);
    await expect(client.verifyIdToken(before.tokens.idToken!)).rejects.toMatchObject({
      code: 'ERR_OIDC_UNKNOWN_KID',
      message: 'no provider key matches the ID token "kid" (checked again at the JWKS endpoint)',
    });
  });

  it('keeps accepting a retired kid while the portal still publishes it', async () => {
    const client = oidcClient(portal);
    const before = await signIn(portal, client);
    await portal.rotateSigningKey({ keepRetired: true });
    portal.clock.advance(31_000);
    await signIn(portal, client); // fetches the new key set
    await expect(client.verifyIdToken(before.tokens.idToken!)).resolves.toMatchObject({
      sub: admin(portal).id,
    });
  });
});

describe('tokens of another portal or another client', () => {
  it('rejects an ID token from a second portal (its keys are not this portal’s)', async () => {
    const other = await startEmulator({ clock: 'manual' });
    try {
      const foreign = await signIn(other, oidcClient(other));
      const client = oidcClient(portal);
      await expect(client.verifyIdToken(foreign.tokens.idToken!)).rejects.toMatchObject({
        code: 'ERR_OIDC_UNKNOWN_KID',
        message: 'no provider key matches the ID token "kid" (checked again at the JWKS endpoint)',
      });
    } finally {
      await other.close();
    }
  });

  it('rejects an ID token the same portal minted for another application (azp)', async () => {
    const second = portal.addClient({
      name: 'Second App',
      redirectUris: ['http://127.0.0.1/callback'],
      scopes: ['openid', 'files:read'],
    });
    const theirs = await signIn(
      portal,
      oidcClient(portal, { clientId: second.clientId, clientSecret: second.clientSecret }),
    );
    await expect(oidcClient(portal).verifyIdToken(theirs.tokens.idToken!)).rejects.toMatchObject({
      code: 'ERR_OIDC_AZP_MISMATCH',
      message: 'the ID token "azp" is not this client id (a token for another application)',
    });
  });

  it('rejects a valid ID token once it has expired (30 minutes), with the 30 s tolerance', async () => {
    const client = oidcClient(portal);
    const { tokens } = await signIn(portal, client);
    portal.clock.advance(30 * 60_000 + 20_000);
    await expect(client.verifyIdToken(tokens.idToken!)).resolves.toBeDefined();
    portal.clock.advance(15_000);
    await expect(client.verifyIdToken(tokens.idToken!)).rejects.toMatchObject({
      code: 'ERR_OIDC_EXPIRED',
      message: 'the ID token has expired ("exp" is past, beyond the clock tolerance)',
    });
  });
});
