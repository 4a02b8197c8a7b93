import type { OAuthClient, OAuthTokens } from '@ds/auth-oauth';
import { buildEndSessionUrl } from './end-session.js';
import type { OidcCompat, OidcDiscovery, OidcSignOutResult } from './types.js';

/** Options of {@link signOut}. */
export interface SignOutOptions {
  postLogoutRedirectUri?: string | undefined;
  state?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Signs a user out. Strict mode with an advertised `end_session_endpoint`: returns the RP-initiated
 * logout URL (`id_token_hint`, `post_logout_redirect_uri`, `client_id`, `state`) to send the browser
 * to. Otherwise, and always on DocSpace (whose `/connect/logout` holds no session to end, docs/docspace-behaviour.md
 * §5.2), revokes the refresh token and the access token at the revocation endpoint.
 */
export async function signOut(
  oauth: OAuthClient,
  metadata: OidcDiscovery,
  compat: OidcCompat,
  tokens: OAuthTokens,
  options: SignOutOptions,
): Promise<OidcSignOutResult> {
  if (compat === 'strict' && metadata.end_session_endpoint) {
    const endSessionUrl = buildEndSessionUrl(metadata.end_session_endpoint, {
      idTokenHint: tokens.idToken,
      postLogoutRedirectUri: options.postLogoutRedirectUri,
      clientId: oauth.clientId,
      state: options.state,
    });
    return { endSessionUrl, revoked: false };
  }
  const { revocation } = await oauth.resolveEndpoints({ signal: options.signal });
  if (!revocation) return { revoked: false };
  if (tokens.refreshToken)
    await oauth.revoke(tokens.refreshToken, 'refresh_token', { signal: options.signal });
  await oauth.revoke(tokens.accessToken, 'access_token', { signal: options.signal });
  return { revoked: true };
}
