import { describe, expect, it } from 'vitest';
import { chainStrategies } from './chain-strategies.js';
import { createCredentials } from './credentials.js';
import { AuthError, AuthUnavailableError } from './errors.js';
import type { AuthStrategy } from './types.js';

function unavailable(kind: string, calls: string[]): AuthStrategy {
  return {
    kind,
    async authenticate() {
      calls.push(kind);
      throw new AuthUnavailableError(`${kind} is not configured`);
    },
  };
}
function working(kind: string, calls: string[]): AuthStrategy & { revoked: number } {
  return {
    kind,
    revoked: 0,
    async authenticate() {
      calls.push(kind);
      return createCredentials({ scheme: 'Bearer', headers: { authorization: `Bearer ${kind}` } });
    },
    async revoke() {
      this.revoked += 1;
    },
  };
}

describe('chainStrategies', () => {
  it('uses the first available strategy and sticks to it', async () => {
    const calls: string[] = [];
    const pat = working('pat', calls);
    const chain = chainStrategies(unavailable('apikey', calls), pat, working('oauth', calls));
    expect((await chain.authenticate()).headers.authorization).toBe('Bearer pat');
    expect((await chain.authenticate()).headers.authorization).toBe('Bearer pat');
    expect(calls).toEqual(['apikey', 'pat', 'pat']);
    expect(chain.selected).toBe(pat);
    await chain.revoke?.();
    expect(pat.revoked).toBe(1);
  });

  it('stops at a real error instead of falling through', async () => {
    const calls: string[] = [];
    const wrongPassword: AuthStrategy = {
      kind: 'pat',
      authenticate: async () => {
        throw new AuthError('ERR_PAT_INVALID_CREDENTIALS', 'the portal rejected the user name or password');
      },
    };
    const chain = chainStrategies(wrongPassword, working('oauth', calls));
    await expect(chain.authenticate()).rejects.toMatchObject({ code: 'ERR_PAT_INVALID_CREDENTIALS' });
    expect(calls).toEqual([]);
  });

  it('explains when nothing is available', async () => {
    const calls: string[] = [];
    const chain = chainStrategies(unavailable('apikey', calls), unavailable('pat', calls));
    await expect(chain.authenticate()).rejects.toMatchObject({
      code: 'ERR_AUTH_NO_STRATEGY',
      message:
        'no strategy could authenticate (apikey: apikey is not configured; pat: pat is not configured)',
    });
  });

  it('runs one selection for concurrent first calls', async () => {
    const calls: string[] = [];
    const chain = chainStrategies(unavailable('apikey', calls), working('oauth', calls));
    await Promise.all([chain.authenticate(), chain.authenticate(), chain.authenticate()]);
    expect(calls).toEqual(['apikey', 'oauth']);
  });

  it('rejects an empty chain and non-strategies, naming them', () => {
    expect(() => chainStrategies()).toThrow(
      expect.objectContaining({ code: 'ERR_AUTH_INVALID_OPTION', option: 'strategies' }),
    );
    expect(() => chainStrategies({ kind: 'x' } as never, {} as never)).toThrow(
      expect.objectContaining({ option: 'strategies[0]', message: '"strategies[0]" is not an AuthStrategy' }),
    );
  });
});
