import { AuthError, redactable, requireString } from '@ds/auth-core';
import type { OAuthClient } from '@ds/auth-oauth';
import type { OidcCallbackChecks, OidcClient } from './create-oidc-client.js';

/**
 * An `OAuthClient` view of an OIDC client, for `createOAuthAuth` and `createOAuthSessions`: the same
 * calls, but `handleCallback`, `exchangeCode` and `refresh` return tokens only after the ID token is
 * verified. `endpoints` needs discovery first (`ERR_OIDC_NOT_DISCOVERED`): call `oidc.discover()` at start-up.
 */
export function toOAuthClient(
  oidc: OidcClient,
  probe: OAuthClient,
  discovered: () => OAuthClient | undefined,
): OAuthClient {
  const view: OAuthClient = {
    clientId: probe.clientId,
    redirectUri: probe.redirectUri,
    scopes: probe.scopes,
    isPublic: probe.isPublic,
    baseUrl: probe.baseUrl,
    get endpoints() {
      const oauth = discovered();
      if (!oauth)
        throw new AuthError(
          'ERR_OIDC_NOT_DISCOVERED',
          'the endpoints are not known yet: await "discover()" first',
        );
      return oauth.endpoints;
    },
    createAuthorizationRequest: (options = {}) =>
      oidc.createAuthorizationRequest({
        ...options,
        nonce: typeof options.nonce === 'string' ? options.nonce : undefined,
      }),
    async handleCallback(callbackUrl, checks, options) {
      return (await oidc.handleCallback(callbackUrl, checks as OidcCallbackChecks, options)).tokens;
    },
    async exchangeCode(code, checks, options) {
      const nonce = requireString((checks as { nonce?: unknown })?.nonce, 'nonce');
      const tokens = await (await oidc.oauthClient(options)).exchangeCode(code, checks, options);
      if (tokens.idToken === undefined)
        throw new AuthError(
          'ERR_OIDC_MISSING_ID_TOKEN',
          'the token response has no "id_token" (was the "openid" scope granted?)',
        );
      await oidc.verifyIdToken(tokens.idToken, { ...options, nonce, accessToken: tokens.accessToken });
      return tokens;
    },
    async refresh(refreshToken, options) {
      return (await oidc.refresh(refreshToken, options)).tokens;
    },
    async revoke(token, hint, options) {
      await (await oidc.oauthClient(options)).revoke(token, hint, options);
    },
    async introspect(token, options) {
      return (await oidc.oauthClient(options)).introspect(token, options);
    },
    apiBaseUrl: (tokens) => probe.apiBaseUrl(tokens),
  };
  return redactable(view, 'OAuthClient');
}
