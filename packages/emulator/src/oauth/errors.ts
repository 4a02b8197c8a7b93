import { type Exchange, sendJson } from '../server/http.js';

const TOKEN_ERROR_URI = 'https://datatracker.ietf.org/doc/html/rfc6749#section-5.2';

/**
 * Spring's OAuth error body `{error, error_description, error_uri}`: HTTP 400, or 401 for `invalid_client`
 * (docs/docspace-behaviour.md §5.5). A null description or URI is left out, as Spring's converter writes only set fields.
 */
export function sendOAuthError(
  ex: Exchange,
  error: string,
  description: string | null,
  errorUri: string | null = TOKEN_ERROR_URI,
): undefined {
  const status = error === 'invalid_client' ? 401 : 400;
  const body: Record<string, string> = { error };
  if (description !== null) body.error_description = description;
  if (errorUri !== null) body.error_uri = errorUri;
  sendJson(ex, status, body, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}

/** Spring's `UriUtils.encode`: everything but unreserved characters is percent-encoded. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
