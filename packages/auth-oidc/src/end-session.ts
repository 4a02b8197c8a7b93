import { AuthConfigError } from '@ds/auth-core';
import { requireOptions, requireString } from '@ds/auth-core/strategy';

/** What goes into an RP-initiated logout URL. */
export interface EndSessionParams {
  idTokenHint?: string | undefined;
  postLogoutRedirectUri?: string | undefined;
  clientId: string;
  state?: string | undefined;
}

/**
 * Builds the RP-initiated logout URL (OpenID Connect RP-Initiated Logout 1.0 §2): `id_token_hint`,
 * `post_logout_redirect_uri`, `client_id` and `state` on the provider's `end_session_endpoint`. Pure;
 * throws `AuthConfigError` for an endpoint that is not an absolute URL or a parameter that is not a string.
 *
 * @example
 * ```ts
 * buildEndSessionUrl('https://op.example.com/session/end', { clientId: 'app', idTokenHint: tokens.idToken });
 * ```
 */
export function buildEndSessionUrl(endpoint: string, params: EndSessionParams): string {
  if (typeof endpoint !== 'string' || !URL.canParse(endpoint))
    throw new AuthConfigError('endpoint', '"endpoint" must be an absolute URL');
  requireOptions(params, 'params');
  const url = new URL(endpoint);
  const set = (name: string, option: keyof EndSessionParams, required = false): void => {
    const value = params[option];
    if (value === undefined && !required) return;
    url.searchParams.set(name, requireString(value, option));
  };
  set('id_token_hint', 'idTokenHint');
  set('post_logout_redirect_uri', 'postLogoutRedirectUri');
  set('client_id', 'clientId', true);
  set('state', 'state');
  return url.href;
}
