// DNS rebinding against the loopback redirect listener (issue 16, finding 14): a page served under
// another name that resolves to 127.0.0.1 reaches the listener with its own Host header.
import { request as httpRequest } from 'node:http';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizeWithLoopback } from '../src/node/index.js';
import { admin, confidentialClient } from './fixtures/helpers.js';

let portal: Emulator;
beforeEach(async () => {
  portal = await startEmulator();
});
afterEach(async () => {
  await portal.close();
});

/** GET `url` on loopback with the given Host header (what a rebinding browser sends). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const outgoing = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        headers: { host },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('authorizeWithLoopback', () => {
  it('answers 421 to a request whose Host is not its loopback address, even with the right state', async () => {
    const client = confidentialClient(portal, { clock: undefined });
    const statuses: number[] = [];
    const { tokens } = await authorizeWithLoopback({
      client,
      openBrowser: async (url) => {
        const authorize = new URL(url);
        const redirectUri = authorize.searchParams.get('redirect_uri')!;
        const state = authorize.searchParams.get('state')!;
        const port = new URL(redirectUri).port;
        // The attacker's page at rebind.attacker.example:<port>, now resolving to 127.0.0.1.
        statuses.push(
          await getWithHost(`${redirectUri}?code=stolen&state=${state}`, `rebind.attacker.example:${port}`),
        );
        statuses.push(await getWithHost(`${redirectUri}?code=stolen&state=${state}`, `localhost:${port}`));
        // Then the real browser comes back from the portal.
        const callback = await portal.authorize(url, {
          email: admin(portal).email,
          password: admin(portal).password,
          consent: 'allow',
        });
        statuses.push((await fetch(callback)).status);
      },
    });
    expect(statuses).toEqual([421, 421, 200]);
    expect(tokens.refreshToken).toEqual(expect.any(String));
  });
});
