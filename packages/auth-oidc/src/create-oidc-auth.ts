import { AuthConfigError, redactable, requireOptions } from '@ds/auth-core';
import { createOAuthAuth, type OAuthAuth, type OAuthAuthOptions } from '@ds/auth-oauth';
import type { OidcClient } from './create-oidc-client.js';

/** Options for {@link createOidcAuth}: those of `createOAuthAuth`, with an OIDC client. */
export interface OidcAuthOptions extends Omit<OAuthAuthOptions, 'client'> {
  /** The client from `createOidcClient`. */
  client: OidcClient;
}

/** The OpenID Connect strategy of one user: `Bearer <access token>`, kind `oidc`. */
export interface OidcAuth extends Omit<OAuthAuth, 'kind'> {
  readonly kind: 'oidc';
}

/**
 * The API-call strategy of one signed-in user, reusing `createOAuthAuth` (proactive single-flight
 * refresh, CAS-persisted rotation, `ERR_OAUTH_REAUTH_REQUIRED` when the grant is gone) through an
 * OAuth view of the OIDC client, so an ID token re-issued on refresh is verified before the new tokens
 * are used. `revoke()` revokes at the provider and forgets the tokens. Throws `AuthConfigError` for bad
 * options and `ERR_AUTH_UNAVAILABLE` from `authenticate()` before sign-in.
 *
 * @example
 * ```ts
 * const { tokens } = await oidc.handleCallback(callbackUrl, request);
 * const auth = createOidcAuth({ client: oidc, tokens });
 * const docspace = createDocSpaceClient({ baseUrl: oidc.apiBaseUrl(tokens), auth });
 * ```
 */
export function createOidcAuth(options: OidcAuthOptions): OidcAuth {
  requireOptions(options, 'options');
  const { client, ...rest } = options;
  if (typeof client?.asOAuthClient !== 'function' || typeof client.discover !== 'function')
    throw new AuthConfigError('client', '"client" must be an OidcClient from createOidcClient()');
  const inner = createOAuthAuth({ ...rest, client: client.asOAuthClient() });
  const strategy: OidcAuth = {
    kind: 'oidc',
    authenticate: (authOptions) => inner.authenticate(authOptions),
    invalidate: (rejected) => inner.invalidate(rejected),
    setTokens: (tokens) => inner.setTokens(tokens),
    settle: () => inner.settle(),
    peekCredentials: () => inner.peekCredentials?.(),
    getTokens: (getOptions) => inner.getTokens(getOptions),
    async revoke(revokeOptions = {}) {
      await client.discover(revokeOptions); // the revocation endpoint comes from discovery
      await inner.revoke(revokeOptions);
    },
  };
  return redactable(strategy, 'OidcAuth');
}
