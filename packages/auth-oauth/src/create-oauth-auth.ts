import {
  AuthConfigError,
  AuthError,
  AuthUnavailableError,
  type Clock,
  hasErrorCode,
  type RefreshWindowOptions,
  type TokenEvent,
  type TokenStore,
} from '@ds/auth-core';
import { createTokenStrategy, requireOptions, type TokenStrategy } from '@ds/auth-core/strategy';
import type { OAuthClient } from './create-oauth-client.js';
import { OAuthError, reauthRequired } from './errors.js';
import type { OAuthTokens } from './types.js';

/** Options for {@link createOAuthAuth}. */
export interface OAuthAuthOptions {
  /** The client from `createOAuthClient`. */
  client: OAuthClient;
  /** Where this user's token set lives; share one store between processes to share refreshes. */
  store?: TokenStore<OAuthTokens> | undefined;
  /** This user's key in the store, e.g. the DocSpace user id (`sub`). Required with `store`. */
  key?: string | undefined;
  /** Tokens to start with (e.g. straight from `handleCallback`). */
  tokens?: OAuthTokens | undefined;
  /** The time source. */
  clock?: Clock | undefined;
  /** How early to refresh. Default 10 % of the lifetime, 10 s to 5 min (5 min for DocSpace's 60-minute tokens). */
  refreshWindow?: RefreshWindowOptions | undefined;
  /** Called for every change: tokens obtained, refreshed, loaded from the store, set, cleared. */
  onTokens?: ((event: TokenEvent<OAuthTokens>) => void) | undefined;
}

/**
 * The OAuth strategy of one DocSpace user. `revoke()` revokes the refresh token (and with it the
 * access token) on the server, then forgets both; a public client that the server does not let revoke
 * (DocSpace) only forgets, and its access token expires. `settle()` resolves once no refresh is in
 * flight: await it before shutting down so a rotated refresh token is stored.
 */
export interface OAuthAuth extends TokenStrategy<'oauth'> {
  /** Stores a new token set (after `handleCallback`), replacing the old one. */
  setTokens(tokens: OAuthTokens): Promise<void>;
  /** The current token set, refreshed first if it is due; `undefined` when the user must authorize. */
  getTokens(options?: { signal?: AbortSignal }): Promise<OAuthTokens | undefined>;
}

/**
 * The OAuth strategy for one DocSpace user: `Bearer <access token>`, refreshed proactively through
 * the core token manager (single flight, CAS-persisted rotation, so a rotated refresh token is
 * stored before the new access token is used and two processes never spend the same one). A refresh
 * response without `refresh_token` keeps the old one; `invalid_grant` becomes
 * `ERR_OAUTH_REAUTH_REQUIRED` and clears this user's set; a 429 from the token endpoint is backed
 * off. Without tokens, `authenticate()` throws `AuthUnavailableError` (`ERR_AUTH_UNAVAILABLE`).
 * Throws `AuthConfigError` for invalid options, `tokens` without an `accessToken` string included.
 *
 * @example
 * ```ts
 * const auth = createOAuthAuth({ client, store, key: userId });
 * await auth.setTokens(await client.handleCallback(callbackUrl, request));
 * const docspace = createDocSpaceClient({ baseUrl: client.apiBaseUrl(tokens), auth });
 * ```
 */
export function createOAuthAuth(options: OAuthAuthOptions): OAuthAuth {
  requireOptions(options, 'options');
  const { client } = options;
  if (typeof client?.refresh !== 'function' || typeof client.revoke !== 'function') {
    throw new AuthConfigError('client', '"client" must be an OAuthClient from createOAuthClient()');
  }
  if (options.store !== undefined && options.key === undefined) {
    throw new AuthConfigError('key', '"key" is required with "store" (one key per DocSpace user)');
  }
  if (options.tokens !== undefined) checkTokens(options.tokens);
  const { strategy, tokens } = createTokenStrategy<OAuthTokens, 'oauth'>({
    kind: 'oauth',
    label: 'OAuthAuth',
    store: options.store,
    key: options.key,
    clock: options.clock,
    refreshWindow: options.refreshWindow,
    onTokens: options.onTokens,
    initial: options.tokens,
    obtain: ({ current, signal }) => refreshTokens(client, current, signal),
    isTerminal: (error) => AuthError.isInstance(error) && error.code === 'ERR_OAUTH_REAUTH_REQUIRED',
    // DocSpace picks the JWT scheme only for exactly "Bearer " (docs/docspace-behaviour.md §2).
    toHeaders: (token) => ({ authorization: `Bearer ${token.accessToken}` }),
    async revokeToken(held, revokeOptions) {
      const { revocation } = await client.resolveEndpoints(revokeOptions);
      if (!revocation) return;
      try {
        // Revoking the refresh token ends the whole grant; revoke the access token too for servers that keep it.
        if (held.refreshToken) await client.revoke(held.refreshToken, 'refresh_token', revokeOptions);
        await client.revoke(held.accessToken, 'access_token', revokeOptions);
      } catch (error) {
        // DocSpace authenticates revocation callers; a public client cannot, and has no refresh token either.
        // Its access token simply expires (60 minutes); anything else keeps the tokens so revoke() can be retried.
        const publicRefused =
          client.isPublic && OAuthError.isInstance(error) && error.error === 'invalid_client';
        if (!publicRefused) throw error;
      }
    },
  });
  return Object.assign(strategy, {
    async setTokens(next: OAuthTokens) {
      checkTokens(next);
      await tokens.set(next);
    },
    async getTokens(getOptions: { signal?: AbortSignal } = {}) {
      try {
        return await tokens.get({ signal: getOptions.signal });
      } catch (error) {
        if (hasErrorCode(error, ['ERR_AUTH_UNAVAILABLE', 'ERR_OAUTH_REAUTH_REQUIRED'])) return undefined;
        throw error;
      }
    },
  });
}

/** The token manager's `obtain`: a refresh-token grant, keeping what the answer leaves out. */
async function refreshTokens(
  client: OAuthClient,
  current: OAuthTokens | undefined,
  signal: AbortSignal,
): Promise<OAuthTokens> {
  if (!current) throw new AuthUnavailableError('no OAuth tokens for this user: run the authorization flow');
  if (!current.refreshToken) {
    throw reauthRequired(
      'the access token expired and there is no refresh token (a public client): authorize again',
    );
  }
  try {
    // The current ID token goes along, so an OpenID Connect client can insist on the same user.
    const fresh = await client.refresh(current.refreshToken, { signal, previousIdToken: current.idToken });
    return { ...fresh, idToken: fresh.idToken ?? current.idToken, scope: fresh.scope ?? current.scope };
  } catch (error) {
    if (
      OAuthError.isInstance(error) &&
      (error.error === 'invalid_grant' || error.error === 'invalid_client')
    ) {
      throw reauthRequired(`the refresh token was rejected (${error.error}): authorize again`, error);
    }
    throw error;
  }
}

/** Throws `AuthConfigError` (`tokens`) unless `tokens` looks like a token set from this package. */
function checkTokens(tokens: unknown): void {
  const set = tokens as Partial<OAuthTokens> | null;
  if (
    typeof set !== 'object' ||
    set === null ||
    typeof set.accessToken !== 'string' ||
    set.accessToken === ''
  )
    throw new AuthConfigError('tokens', '"tokens" must be a token set with an "accessToken" string');
  if (set.refreshToken !== undefined && typeof set.refreshToken !== 'string')
    throw new AuthConfigError('tokens', '"tokens.refreshToken" must be a string');
  if (set.expiresAt !== undefined && (typeof set.expiresAt !== 'number' || !Number.isFinite(set.expiresAt)))
    throw new AuthConfigError('tokens', '"tokens.expiresAt" must be a number of epoch milliseconds');
}
