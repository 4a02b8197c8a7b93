import { AuthConfigError, type Clock, type FetchLike, parseBaseUrl } from '@ds/auth-core';
import { optionalNumber, requireOptions, systemClock } from '@ds/auth-core/strategy';
import type { OAuthClientOptions } from '@ds/auth-oauth';
import { checkAlgorithms } from './algorithms.js';
import type { OidcClientOptions, OidcCompat } from './types.js';

/** Validated options of one OIDC client. */
export interface ResolvedOidcOptions {
  compat: OidcCompat;
  /** The portal URL without trailing slash (docspace), or the issuer exactly as configured (strict). */
  base: string;
  portal: URL | undefined;
  algorithms: string[] | undefined;
  clockToleranceSec: number;
  postLogoutRedirectUri: string | undefined;
  discoveryTtlMs: number;
  jwksCooldownMs: number;
  jwksMaxAgeMs: number;
  fetch: FetchLike;
  timeoutMs: number;
  clock: Clock;
  allowInsecureHttp: boolean;
  /** The options of the OAuth client, but for the endpoints (discovery finds them) and the ID token checks. */
  oauth: OAuthClientOptions;
}

/** Validates `createOidcClient` options synchronously; throws `AuthConfigError` naming the option. */
export function resolveOidcOptions(options: OidcClientOptions): ResolvedOidcOptions {
  requireOptions(options, 'options');
  const allowInsecureHttp = options.allowInsecureHttp === true;
  if ((options.baseUrl === undefined) === (options.issuer === undefined)) {
    throw new AuthConfigError(
      'baseUrl',
      'give exactly one of "baseUrl" (a DocSpace portal) and "issuer" (any OpenID Provider)',
    );
  }
  const compat: OidcCompat = options.compat ?? (options.baseUrl !== undefined ? 'docspace' : 'strict');
  if (compat !== 'docspace' && compat !== 'strict')
    throw new AuthConfigError('compat', '"compat" must be "docspace" or "strict"');
  if (compat === 'docspace' && options.baseUrl === undefined)
    throw new AuthConfigError(
      'compat',
      '"compat: \'docspace\'" needs "baseUrl" (the portal URL), not "issuer"',
    );
  if (compat === 'strict' && options.issuer === undefined)
    throw new AuthConfigError('compat', '"compat: \'strict\'" needs "issuer"');
  let portal: URL | undefined;
  let base: string;
  if (options.baseUrl !== undefined) {
    portal = parseBaseUrl(options.baseUrl, { allowInsecureHttp });
    base = portal.href.replace(/\/$/, '');
  } else {
    if (typeof options.issuer !== 'string')
      throw new AuthConfigError('issuer', '"issuer" must be a URL string');
    parseBaseUrl(options.issuer, { option: 'issuer', allowInsecureHttp });
    base = options.issuer; // compared exactly, as published (OpenID Connect Discovery §4.3)
  }
  const scopes =
    Array.isArray(options.scopes) && !options.scopes.includes('openid')
      ? ['openid', ...options.scopes]
      : options.scopes;
  const timeoutMs = optionalNumber(options.timeoutMs, 'timeoutMs', 1, 600_000) ?? 30_000;
  const clock = options.clock ?? systemClock;
  if (typeof clock?.now !== 'function')
    throw new AuthConfigError('clock', '"clock" must have a now() function');
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const oauth: OAuthClientOptions = {
    baseUrl: compat === 'docspace' ? portal : undefined,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    clientAuthMethod: options.clientAuthMethod,
    redirectUri: options.redirectUri,
    scopes,
    allowedApiHosts: options.allowedApiHosts,
    fetch: fetchImpl,
    timeoutMs,
    clock,
    allowInsecureHttp,
  };
  let postLogoutRedirectUri: string | undefined;
  if (options.postLogoutRedirectUri !== undefined) {
    parseBaseUrl(options.postLogoutRedirectUri, { option: 'postLogoutRedirectUri', allowInsecureHttp });
    postLogoutRedirectUri = String(options.postLogoutRedirectUri); // registered values match exactly
  }
  return {
    compat,
    base,
    portal,
    algorithms: checkAlgorithms(options.algorithms),
    clockToleranceSec: optionalNumber(options.clockToleranceSec, 'clockToleranceSec', 0, 300) ?? 30,
    postLogoutRedirectUri,
    discoveryTtlMs:
      optionalNumber(options.discoveryTtlMs, 'discoveryTtlMs', 0, 7 * 24 * 3_600_000) ?? 3_600_000,
    jwksCooldownMs: optionalNumber(options.jwksCooldownMs, 'jwksCooldownMs', 0, 3_600_000) ?? 30_000,
    jwksMaxAgeMs: optionalNumber(options.jwksMaxAgeMs, 'jwksMaxAgeMs', 1_000, 7 * 24 * 3_600_000) ?? 600_000,
    fetch: fetchImpl,
    timeoutMs,
    clock,
    allowInsecureHttp,
    oauth,
  };
}
