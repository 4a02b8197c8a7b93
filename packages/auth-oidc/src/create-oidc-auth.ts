import { AuthConfigError } from '@ds/auth-core';
import { redactable, requireOptions } from '@ds/auth-core/strategy';
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
 * The API-call strategy of one signed-in user: `createOAuthAuth` (proactive single-flight refresh,
 * CAS-persisted rotation, `ERR_OAUTH_REAUTH_REQUIRED` when the grant is gone) on the OIDC client's
 * one OAuth client, whose refreshes verify a re-issued ID token before the new tokens are used.
 * `revoke()` revokes at the provider (its endpoint from discovery) and forgets the tokens. Throws
 * `AuthConfigError` for bad options and `ERR_AUTH_UNAVAILABLE` from `authenticate()` before sign-in.
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
  const auth = createOAuthAuth({ ...rest, client: client.asOAuthClient() });
  return redactable({ ...auth, kind: 'oidc' as const }, 'OidcAuth');
}
