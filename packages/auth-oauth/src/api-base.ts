import { AuthConfigError, AuthError } from '@ds/auth-core';
import { isLoopbackHost } from '@ds/auth-core/strategy';
import { readUnverifiedClaims } from './jwt-claims.js';

/**
 * The DocSpace API base for an access token: its `aud[0]` (DocSpace SaaS sends users to a central
 * authorization server and names the portal in `aud`, docs/docspace-behaviour.md §5.1), accepted only over
 * https (or loopback) and only for `allowedHosts` (exact host or `*.suffix`). Falls back to
 * `fallback` when the token has no usable `aud`. Throws `AuthError` `ERR_OAUTH_API_BASE_REJECTED`.
 */
export function apiBaseFromToken(
  accessToken: string,
  allowedHosts: readonly string[],
  fallback: URL | undefined,
): URL {
  const aud = readUnverifiedClaims(accessToken)?.aud;
  const first = Array.isArray(aud) ? aud[0] : aud;
  if (typeof first !== 'string' || first === '') {
    if (fallback) return fallback;
    throw new AuthError(
      'ERR_OAUTH_API_BASE_REJECTED',
      'the access token names no portal in "aud" and no "baseUrl" is configured',
    );
  }
  let url: URL;
  try {
    url = new URL(first);
  } catch {
    throw new AuthError('ERR_OAUTH_API_BASE_REJECTED', 'the access token "aud" is not a URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new AuthError('ERR_OAUTH_API_BASE_REJECTED', 'the access token "aud" is not an https URL');
  }
  if (!allowedHosts.some((pattern) => hostMatches(url.hostname, pattern))) {
    throw new AuthError(
      'ERR_OAUTH_API_BASE_REJECTED',
      `the portal "${url.host}" in the access token is not in "allowedApiHosts"`,
    );
  }
  return new URL(url.origin);
}

function hostMatches(host: string, pattern: string): boolean {
  const lower = pattern.toLowerCase();
  return lower.startsWith('*.')
    ? host.endsWith(lower.slice(1)) && host.length > lower.length - 1
    : host === lower;
}

/** Validates `allowedApiHosts`: host names or `*.suffix` patterns. */
export function checkAllowedHosts(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    value.some((host) => typeof host !== 'string' || !/^(\*\.)?[a-z0-9.-]+$/i.test(host))
  ) {
    throw new AuthConfigError(
      'allowedApiHosts',
      '"allowedApiHosts" must be an array of host names or "*.domain" patterns',
    );
  }
  return value as string[];
}
