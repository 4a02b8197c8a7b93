import { AuthConfigError, AuthError, AuthResponseError } from '@ds/auth-core';
import { isLoopbackHost, requireString, safeUrl } from '@ds/auth-core/strategy';
import { getJson, type JsonTransport } from './get-json.js';
import type { OidcCompat, OidcDiscovery } from './types.js';

/** Where to look for the discovery document and which `issuer` values it may state. */
export interface DiscoveryPlan {
  readonly urls: readonly string[];
  readonly acceptedIssuers: readonly string[];
}

/**
 * The discovery plan of a client. DocSpace: `{portal}/.well-known/openid-configuration`, then
 * `{portal}/oauth2/.well-known/openid-configuration`; the real server derives `issuer` from the request,
 * so the portal URL and portal + `/oauth2` are both accepted. Strict: `{issuer}/.well-known/openid-configuration`
 * and the `issuer` must be the configured one exactly (OpenID Connect Discovery §4.3).
 *
 * @example
 * ```ts
 * discoveryPlan('docspace', 'https://portal.example.com').urls.length; // 2
 * ```
 */
export function discoveryPlan(compat: OidcCompat, base: string): DiscoveryPlan {
  requireString(base, 'base');
  if (compat !== 'docspace' && compat !== 'strict')
    throw new AuthConfigError('compat', '"compat" must be "docspace" or "strict"');
  const trimmed = base.replace(/\/+$/, '');
  if (compat === 'docspace') {
    return {
      urls: [
        `${trimmed}/.well-known/openid-configuration`,
        `${trimmed}/oauth2/.well-known/openid-configuration`,
      ],
      acceptedIssuers: [trimmed, `${trimmed}/oauth2`],
    };
  }
  return { urls: [`${trimmed}/.well-known/openid-configuration`], acceptedIssuers: [base] };
}

const REQUIRED = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const;
const OPTIONAL = [
  'userinfo_endpoint',
  'revocation_endpoint',
  'introspection_endpoint',
  'end_session_endpoint',
] as const;

/**
 * Reads a discovery document. Pure. Throws `AuthError` `ERR_OIDC_DISCOVERY_ISSUER_MISMATCH` when
 * `issuer` is not accepted, and `AuthResponseError` `ERR_OIDC_DISCOVERY_FAILED` naming a missing or
 * non-https endpoint field.
 *
 * @example
 * ```ts
 * const metadata = parseDiscovery(await response.json(), ['https://op.example.com'], false);
 * ```
 * @see OpenID Connect Discovery 1.0 §3, §4.3
 */
export function parseDiscovery(
  body: unknown,
  acceptedIssuers: readonly string[],
  allowInsecureHttp: boolean,
): OidcDiscovery {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw bad('the discovery document is not a JSON object');
  const data = body as Record<string, unknown>;
  if (typeof data.issuer !== 'string') throw bad('the discovery document has no "issuer"');
  if (!acceptedIssuers.includes(data.issuer)) {
    throw new AuthError(
      'ERR_OIDC_DISCOVERY_ISSUER_MISMATCH',
      `the discovery "issuer" is not ${acceptedIssuers.map((issuer) => `"${issuer}"`).join(' or ')} (OpenID Connect Discovery §4.3)`,
    );
  }
  const result: Record<string, unknown> = { ...data };
  for (const field of REQUIRED) result[field] = checkUrl(data[field], field, allowInsecureHttp);
  for (const field of OPTIONAL)
    result[field] = data[field] === undefined ? undefined : checkUrl(data[field], field, allowInsecureHttp);
  return result as OidcDiscovery;
}

/**
 * Fetches the discovery document, trying the plan's URLs in order. Throws the issuer mismatch when a
 * document was found but named another issuer, else `ERR_OIDC_DISCOVERY_FAILED` (retryable) with the
 * last failure as `cause`. A caller's abort is rethrown as is.
 */
export async function fetchDiscovery(
  transport: JsonTransport,
  plan: DiscoveryPlan,
  allowInsecureHttp: boolean,
  signal: AbortSignal | undefined,
): Promise<OidcDiscovery> {
  const failures: unknown[] = [];
  for (const url of plan.urls) {
    try {
      const body = await getJson(
        transport,
        url,
        `discovery at ${safeUrl(url)}`,
        'ERR_OIDC_DISCOVERY_FAILED',
        signal,
      );
      return parseDiscovery(body, plan.acceptedIssuers, allowInsecureHttp);
    } catch (error) {
      if (signal?.aborted) throw error;
      failures.push(error);
    }
  }
  const mismatch = failures.find(
    (error) => AuthError.isInstance(error) && error.code === 'ERR_OIDC_DISCOVERY_ISSUER_MISMATCH',
  );
  if (mismatch) throw mismatch;
  const last = failures[failures.length - 1];
  throw new AuthError(
    'ERR_OIDC_DISCOVERY_FAILED',
    `OpenID Connect discovery failed at ${plan.urls.map(safeUrl).join(' and ')}`,
    {
      retryable: true,
      cause: AuthError.isInstance(last) ? last : last instanceof Error ? new Error(last.message) : undefined,
    },
  );
}

function checkUrl(value: unknown, field: string, allowInsecureHttp: boolean): string {
  if (typeof value !== 'string' || !URL.canParse(value)) throw bad(`"${field}" is missing or not a URL`);
  const url = new URL(value);
  const secure =
    url.protocol === 'https:' ||
    (url.protocol === 'http:' && (allowInsecureHttp || isLoopbackHost(url.hostname)));
  if (!secure) throw bad(`"${field}" must be an https URL`);
  return value;
}

function bad(message: string): AuthResponseError {
  return new AuthResponseError(message, { code: 'ERR_OIDC_DISCOVERY_FAILED' });
}
