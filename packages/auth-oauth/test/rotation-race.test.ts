// Two processes rotate one user's refresh token at once through a store without a lock (issue 16,
// finding 13): the loser's refresh token was spent by the winner, and it must adopt the winner's tokens.
import { createMemoryTokenStore } from '@ds/auth-core';
import { describe, expect, it } from 'vitest';
import { createOAuthAuth, type OAuthClient, OAuthError, type OAuthTokens } from '../src/index.js';

const HOUR = 3_600_000;

/**
 * The token endpoint as docs/docspace-behaviour.md §5 describes it: one live refresh token per grant, every refresh
 * rotates it, and replaying a rotated-away one only fails (`invalid_grant`, the grant stays valid).
 */
function rotatingServer(clock: { now(): number }) {
  let live = 'rt-0';
  let issued = 0;
  const spent: string[] = [];
  const client = (gate?: () => Promise<void>): OAuthClient =>
    ({
      clientId: 'client',
      endpoints: {
        authorization: 'https://portal.example.com/oauth2/authorize',
        token: 'https://portal.example.com/oauth2/token',
      },
      isPublic: false,
      async refresh(refreshToken: string) {
        await gate?.();
        spent.push(refreshToken);
        if (refreshToken !== live)
          throw new OAuthError('the token endpoint answered "invalid_grant"', {
            error: 'invalid_grant',
            status: 400,
          });
        issued += 1;
        live = `rt-${issued}`;
        return tokens(`at-${issued}`, live, clock.now());
      },
      async revoke() {},
    }) as unknown as OAuthClient;
  return {
    client,
    spent,
    get live() {
      return live;
    },
  };
}

const tokens = (accessToken: string, refreshToken: string, now: number): OAuthTokens => ({
  accessToken,
  refreshToken,
  tokenType: 'Bearer',
  issuedAt: now,
  expiresAt: now + HOUR,
});

describe('createOAuthAuth', () => {
  it('adopts the tokens of the process that won a concurrent rotation instead of asking to sign in again', async () => {
    let now = 1_000_000;
    const clock = { now: () => now };
    const server = rotatingServer(clock);
    const store = createMemoryTokenStore<OAuthTokens>(); // no lock(): compare-and-set only
    await store.compareAndSet('user-1', 0, tokens('at-0', 'rt-0', now));
    let reached!: () => void;
    const loserReached = new Promise<void>((resolve) => {
      reached = resolve;
    });
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const loser = createOAuthAuth({
      client: server.client(async () => {
        reached();
        await gate;
      }),
      store,
      key: 'user-1',
      clock,
    });
    const winner = createOAuthAuth({ client: server.client(), store, key: 'user-1', clock });
    await loser.authenticate();
    await winner.authenticate();
    now += HOUR + 60_000; // both hold the expired set in memory

    const losing = loser.authenticate(); // sends rt-0, but only after the winner rotated it
    await loserReached;
    const won = await winner.authenticate();
    open();
    const adopted = await losing;

    expect(won.headers.authorization).toBe('Bearer at-1');
    expect(adopted.headers.authorization).toBe('Bearer at-1');
    expect(server.spent).toEqual(['rt-0', 'rt-0']); // the server refused the loser's replay
    expect((await store.get('user-1'))?.value.refreshToken).toBe(server.live); // rt-1 kept, not cleared
    // Both go on with the live refresh token: the next rotation works for the former loser.
    now += HOUR + 60_000;
    expect((await loser.authenticate()).headers.authorization).toBe('Bearer at-2');
    expect((await winner.authenticate()).headers.authorization).toBe('Bearer at-2');
  });
});
