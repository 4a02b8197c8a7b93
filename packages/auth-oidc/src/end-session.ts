/** What goes into an RP-initiated logout URL. */
export interface EndSessionParams {
  idTokenHint?: string | undefined;
  postLogoutRedirectUri?: string | undefined;
  clientId: string;
  state?: string | undefined;
}

/**
 * Builds the RP-initiated logout URL (OpenID Connect RP-Initiated Logout 1.0 §2): `id_token_hint`,
 * `post_logout_redirect_uri`, `client_id` and `state` on the provider's `end_session_endpoint`. Pure.
 *
 * @example
 * ```ts
 * buildEndSessionUrl('https://op.example.com/session/end', { clientId: 'app', idTokenHint: tokens.idToken });
 * ```
 */
export function buildEndSessionUrl(endpoint: string, params: EndSessionParams): string {
  const url = new URL(endpoint);
  if (params.idTokenHint !== undefined) url.searchParams.set('id_token_hint', params.idTokenHint);
  if (params.postLogoutRedirectUri !== undefined)
    url.searchParams.set('post_logout_redirect_uri', params.postLogoutRedirectUri);
  url.searchParams.set('client_id', params.clientId);
  if (params.state !== undefined) url.searchParams.set('state', params.state);
  return url.href;
}
