import {
  AuthConfigError,
  type Clock,
  type RefreshWindowOptions,
  type TokenEvent,
  type TokenStore,
} from '@ds/auth-core';
import { optionalNumber, redactable, requireOptions } from '@ds/auth-core/strategy';
import { createOAuthAuth, type OAuthAuth } from './create-oauth-auth.js';
import type { OAuthClient } from './create-oauth-client.js';
import type { OAuthTokens } from './types.js';

/** Options for {@link createOAuthSessions}. */
export interface OAuthSessionsOptions {
  client: OAuthClient;
  /** Where every user's token set lives (one key per user). */
  store: TokenStore<OAuthTokens>;
  /** Strategies kept in memory at most (least recently used ones are dropped; their tokens stay in the store). Default 10 000. */
  maxUsers?: number | undefined;
  clock?: Clock | undefined;
  refreshWindow?: RefreshWindowOptions | undefined;
  /** Called for every change of any user's tokens, with the user's key. */
  onTokens?: ((key: string, event: TokenEvent<OAuthTokens>) => void) | undefined;
}

/** One OAuth strategy per DocSpace user, created once and reused (the refresh cache lives in it). */
export interface OAuthSessions {
  /** The strategy of user `key` (created on first use). */
  forUser(key: string): OAuthAuth;
  /** Stores the tokens of user `key` after the authorization flow. */
  signIn(key: string, tokens: OAuthTokens): Promise<OAuthAuth>;
  /** Revokes user `key`'s tokens on the server and forgets them. */
  signOut(key: string, options?: { signal?: AbortSignal }): Promise<void>;
  /** How many strategies are in memory. */
  readonly size: number;
}

/**
 * Keeps one {@link OAuthAuth} per user for a server that acts for many DocSpace users, so the token
 * cache and single-flight refresh are not lost by creating a strategy per request (the mistake
 * users of other libraries keep making). Throws `AuthConfigError` for invalid options.
 *
 * @example
 * ```ts
 * const sessions = createOAuthSessions({ client, store });
 * await sessions.signIn(userId, await client.handleCallback(url, request));
 * const docspace = createDocSpaceClient({ baseUrl, auth: sessions.forUser(userId) });
 * ```
 */
export function createOAuthSessions(options: OAuthSessionsOptions): OAuthSessions {
  requireOptions(options, 'options');
  if (typeof options.store?.compareAndSet !== 'function')
    throw new AuthConfigError('store', '"store" must be a TokenStore');
  const maxUsers = optionalNumber(options.maxUsers, 'maxUsers', 1, 10_000_000) ?? 10_000;
  const live = new Map<string, OAuthAuth>();

  const forUser = (key: string): OAuthAuth => {
    let strategy = live.get(key);
    if (strategy) {
      live.delete(key); // re-insert: Map order is the LRU order
    } else {
      strategy = createOAuthAuth({
        client: options.client,
        store: options.store,
        key,
        clock: options.clock,
        refreshWindow: options.refreshWindow,
        onTokens: options.onTokens ? (event) => options.onTokens?.(key, event) : undefined,
      });
    }
    live.set(key, strategy);
    if (live.size > maxUsers) live.delete(live.keys().next().value as string);
    return strategy;
  };

  const sessions: OAuthSessions = {
    forUser,
    async signIn(key, tokens) {
      const strategy = forUser(key);
      await strategy.setTokens(tokens);
      return strategy;
    },
    async signOut(key, signOutOptions) {
      await forUser(key).revoke(signOutOptions);
      live.delete(key);
    },
    get size() {
      return live.size;
    },
  };
  return redactable(sessions, 'OAuthSessions');
}
