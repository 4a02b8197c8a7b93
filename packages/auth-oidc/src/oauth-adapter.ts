import { AuthError, redactable, requireString } from '@ds/auth-core';
import { type OAuthClient, readUnverifiedClaims } from '@ds/auth-oauth';
import type { OidcCallbackChecks, OidcClient } from './create-oidc-client.js';
import { idTokenError } from './errors.js';

/**
 * An `OAuthClient` view of an OIDC client, for `createOAuthAuth` and `createOAuthSessions`: the same
 * calls, but `handleCallback`, `exchangeCode` and `refresh` return tokens only after the ID token is
 * verified; on `refresh`, a re-issued ID token must have the `sub` of `previousIdToken` (the one being
 * replaced, which `createOAuthAuth` passes), else `ERR_OIDC_SUBJECT_MISMATCH`. `endpoints` needs discovery first (`ERR_OIDC_NOT_DISCOVERED`): call `oidc.discover()` at start-up.
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
    async refresh(refreshToken, options = {}) {
      const { previousIdToken, ...callOptions } = options;
      // A re-issued ID token must be for the user of the token set being refreshed (OIDC Core §12.2):
      // without this, a refresh answered with another user's tokens would store them under this user's key.
      const subject = previousIdToken === undefined ? undefined : subjectOf(previousIdToken);
      return (await oidc.refresh(refreshToken, { ...callOptions, subject })).tokens;
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

/** The `sub` of an ID token we verified earlier (it comes from our own store); unreadable fails closed. */
function subjectOf(idToken: string): string {
  const sub = readUnverifiedClaims(idToken)?.sub;
  if (typeof sub !== 'string' || sub === '')
    throw idTokenError(
      'ERR_OIDC_SUBJECT_MISMATCH',
      'sub',
      'the ID token being refreshed has no readable "sub" to check the re-issued one against',
    );
  return sub;
}
