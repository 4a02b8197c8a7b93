// An in-memory token endpoint that rotates refresh tokens the way DocSpace does (docs/docspace-behaviour.md §5):
// one live refresh token per user, every refresh replaces it, and a rotated-away one is only refused.
import { AuthError, createTokenManager, type TokenManager, type TokenStore } from '@ds/auth-core';

export interface FleetToken {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  issuedAt: number;
}

const HOUR = 3_600_000;

/** A gate the next refresh waits at: `before` the server looks at the token, or `after` it rotated it. */
export interface Gate {
  readonly reached: Promise<void>;
  open(): void;
}

export interface RotatingIssuer {
  /** The token set a user starts with: expired, so the first `get()` refreshes. */
  initial(key: string): FleetToken;
  /** The refresh token the server would accept now for `key`. */
  live(key: string): string;
  /** Every refresh token presented, in order (a token twice is a refresh token spent twice). */
  readonly presented: string[];
  /** Refresh tokens presented more than once. */
  spentTwice(): string[];
  /** Makes the next refresh wait. */
  hold(where: 'before' | 'after'): Gate;
  /** A token manager for `key` on `store`, refreshing here; `invalid_grant` is terminal. */
  manager(
    store: TokenStore<FleetToken>,
    key: string,
    options?: { lockTimeoutMs?: number; timeoutMs?: number },
  ): TokenManager<FleetToken>;
}

export function rotatingIssuer(): RotatingIssuer {
  const live = new Map<string, string>();
  const presented: string[] = [];
  let counter = 0;
  let gate: { where: 'before' | 'after'; reach: () => void; wait: Promise<void> } | undefined;

  const pass = async (where: 'before' | 'after'): Promise<void> => {
    if (gate?.where !== where) return;
    const current = gate;
    gate = undefined;
    current.reach();
    await current.wait;
  };

  const refresh = async (key: string, refreshToken: string): Promise<FleetToken> => {
    await pass('before');
    presented.push(refreshToken);
    if (live.get(key) !== refreshToken) {
      throw new AuthError('ERR_OAUTH_REAUTH_REQUIRED', 'the refresh token was rejected (invalid_grant)');
    }
    counter += 1;
    const next = `${key}:rt-${counter}`;
    live.set(key, next);
    const now = Date.now();
    const token = {
      accessToken: `${key}:at-${counter}`,
      refreshToken: next,
      issuedAt: now,
      expiresAt: now + HOUR,
    };
    await pass('after');
    return token;
  };

  return {
    initial(key) {
      const refreshToken = `${key}:rt-0`;
      live.set(key, refreshToken);
      return {
        accessToken: `${key}:at-0`,
        refreshToken,
        issuedAt: Date.now() - 2 * HOUR,
        expiresAt: Date.now() - HOUR,
      };
    },
    live: (key) => live.get(key) ?? '',
    presented,
    spentTwice: () => presented.filter((token, index) => presented.indexOf(token) !== index),
    hold(where) {
      let reach!: () => void;
      let open!: () => void;
      const reached = new Promise<void>((resolve) => {
        reach = resolve;
      });
      const wait = new Promise<void>((resolve) => {
        open = resolve;
      });
      gate = { where, reach, wait };
      return { reached, open };
    },
    manager(store, key, options = {}) {
      return createTokenManager<FleetToken>({
        store,
        key,
        lockTimeoutMs: options.lockTimeoutMs ?? 20_000,
        timeoutMs: options.timeoutMs ?? 20_000,
        obtain: async ({ current }) => {
          if (!current) throw new AuthError('ERR_AUTH_UNAVAILABLE', 'no token set');
          return refresh(key, current.refreshToken);
        },
        isTerminal: (error) => AuthError.isInstance(error) && error.code === 'ERR_OAUTH_REAUTH_REQUIRED',
      });
    },
  };
}
