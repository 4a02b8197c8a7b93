import { AuthConfigError, AuthError } from '@ds/auth-core';
import { requireOptions, requireString } from '@ds/auth-core/strategy';
import { constantTimeEqual } from './base64url.js';
import { describeOAuthError, OAuthError } from './errors.js';

/** What a callback must match. */
export interface CallbackExpectation {
  /** The state sent with the authorization request. */
  state: string;
  /** The redirect URI of the request: the callback must arrive there. */
  redirectUri: string;
  /** The accepted issuers, checked when the server sends `iss` (RFC 9207). */
  issuer?: string | readonly string[] | undefined;
  /**
   * Without `issuer`: an `iss` is accepted only when it is a URL of this origin (the authorization
   * endpoint's), so a callback from another authorization server is refused even then.
   */
  issuerOrigin?: string | undefined;
  /** Refuse a callback without `iss`: the server advertises `authorization_response_iss_parameter_supported`. */
  requireIssuer?: boolean | undefined;
}

/**
 * Reads an authorization response (RFC 6749 §4.1.2) and returns the code. Pure.
 *
 * The callback must be for `redirectUri` (same origin and path); `state` is compared in constant
 * time before anything else, including an error, is believed; `iss` (RFC 9207) must be one of
 * `issuer`, or without `issuer` a URL of `issuerOrigin`, and may be missing only without
 * `requireIssuer`; an error without `error_description` (DocSpace never sends one) still gets a clear message.
 * Errors: `ERR_OAUTH_BAD_CALLBACK`, `ERR_OAUTH_STATE_MISMATCH`, `ERR_OAUTH_ISSUER_MISMATCH`,
 * `OAuthError` (`ERR_OAUTH_ACCESS_DENIED`, ...) for an error response, and `AuthConfigError` for an
 * `expected` without a `state` string or an absolute `redirectUri`.
 */
export function parseCallback(callbackUrl: string | URL, expected: CallbackExpectation): string {
  requireOptions(expected, 'expected');
  requireString(expected.state, 'state');
  const target = typeof expected.redirectUri === 'string' ? redirectTarget(expected.redirectUri) : undefined;
  if (target === undefined) throw new AuthConfigError('redirectUri', '"redirectUri" must be an absolute URL');
  let url: URL;
  try {
    url = new URL(typeof callbackUrl === 'string' ? callbackUrl : (callbackUrl as URL).href);
  } catch {
    throw new AuthError('ERR_OAUTH_BAD_CALLBACK', 'the callback URL is not a valid absolute URL');
  }
  if (url.origin !== target.origin || url.pathname !== target.pathname) {
    throw new AuthError(
      'ERR_OAUTH_BAD_CALLBACK',
      'the callback did not arrive at the redirect URI of this request',
    );
  }
  const params = url.searchParams;
  const state = params.get('state');
  if (state === null || !constantTimeEqual(state, expected.state)) {
    throw new AuthError(
      'ERR_OAUTH_STATE_MISMATCH',
      state === null
        ? 'the callback has no "state"'
        : 'the callback "state" does not match this request (a forged or stale response)',
    );
  }
  const issuer = params.get('iss');
  if (issuer === null && expected.requireIssuer === true) {
    throw new AuthError(
      'ERR_OAUTH_ISSUER_MISMATCH',
      'the callback has no "iss" although the server says it sends one (RFC 9207: a mix-up attack or a misconfiguration)',
    );
  }
  if (issuer !== null && !issuerAccepted(issuer, expected)) {
    throw new AuthError(
      'ERR_OAUTH_ISSUER_MISMATCH',
      'the callback "iss" is not the expected issuer (a mix-up attack or a misconfiguration)',
    );
  }
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description') ?? undefined;
    throw new OAuthError(describeOAuthError('the authorization server', error, description), {
      error,
      errorDescription: description,
      errorUri: params.get('error_uri') ?? undefined,
    });
  }
  const code = params.get('code');
  if (code === null || code === '')
    throw new AuthError('ERR_OAUTH_BAD_CALLBACK', 'the callback has neither "code" nor "error"');
  return code;
}

let lastRedirect: { uri: string; origin: string; pathname: string } | undefined;

/**
 * The origin and path a callback must arrive at, or `undefined` for a string that is not an absolute
 * URL. One client redirects to one URI, so the last one parsed is kept (a string, compared whole).
 */
function redirectTarget(uri: string): { origin: string; pathname: string } | undefined {
  if (lastRedirect?.uri === uri) return lastRedirect;
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return undefined;
  }
  lastRedirect = { uri, origin: parsed.origin, pathname: parsed.pathname };
  return lastRedirect;
}

function issuerAccepted(issuer: string, expected: CallbackExpectation): boolean {
  if (expected.issuer !== undefined) {
    return typeof expected.issuer === 'string'
      ? issuer === expected.issuer
      : expected.issuer.includes(issuer);
  }
  if (expected.issuerOrigin === undefined) return true; // nothing to compare with (a direct call)
  return URL.canParse(issuer) && new URL(issuer).origin === expected.issuerOrigin;
}
