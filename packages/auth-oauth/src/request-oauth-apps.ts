import { AuthConfigError } from '@ds/auth-core';
import { requireOptions } from '@ds/auth-core/strategy';
import type { CreateOAuthAppOptions, OAuthApp, UpdateOAuthAppOptions } from './oauth-app-types.js';

// The request bodies of DocSpace's registration service, checked the way it checks them
// (ASC.Identity registration-application transfer/CreateClientRequest.java and UpdateClientRequest.java),
// so a bad value fails here with the option's name instead of as a 400 "Validation failed".

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOGO = /^data:image\/(?:png|jpeg|jpg|svg\+xml);base64,.+$/;
const REDIRECT_SCHEMES = new Set(['http:', 'https:', 'claude:']);

/** A 1x1 transparent PNG, the default logo. */
export const DEFAULT_APP_LOGO =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/**
 * The path of one app after checking that `clientId` is a GUID. Throws `AuthConfigError`
 * (`ERR_AUTH_INVALID_OPTION`, option `clientId`).
 *
 * @example
 * ```ts
 * oauthAppPath('0a1b2c3d-0000-4000-8000-00000000c0f1', 'regenerate'); // '/api/2.0/clients/0a1b…c0f1/regenerate'
 * ```
 */
export function oauthAppPath(clientId: unknown, action?: string): string {
  if (typeof clientId !== 'string' || !GUID.test(clientId))
    throw new AuthConfigError('clientId', '"clientId" must be a GUID');
  return `/api/2.0/clients/${clientId.toLowerCase()}${action ? `/${action}` : ''}`;
}

function text(value: unknown, option: string, min: number, max: number): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new AuthConfigError(option, `"${option}" must be a non-empty string`);
  if (value.length < min || value.length > max)
    throw new AuthConfigError(
      option,
      `"${option}" must be ${min} to ${max} characters (got ${value.length})`,
    );
  return value;
}

function httpUrl(value: unknown, option: string): string {
  if (typeof value !== 'string' || !URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol))
    throw new AuthConfigError(option, `"${option}" must be an http or https URL`);
  return value;
}

function urlList(value: unknown, option: string, schemes: ReadonlySet<string>): string[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > 12)
    throw new AuthConfigError(option, `"${option}" must be an array of 1 to 12 URLs`);
  value.forEach((item, index) => {
    const url = typeof item === 'string' && URL.canParse(item) ? new URL(item) : undefined;
    if (!url || !schemes.has(url.protocol) || url.hash !== '' || String(item).includes('#'))
      throw new AuthConfigError(
        `${option}[${index}]`,
        `"${option}[${index}]" must be an ${[...schemes].map((scheme) => scheme.slice(0, -1)).join(', ')} URL without a fragment`,
      );
  });
  return [...new Set(value as string[])];
}

function scopes(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new AuthConfigError('scopes', '"scopes" must be a non-empty array');
  value.forEach((item, index) => {
    if (typeof item !== 'string' || !/^[\w.:]+$/.test(item))
      throw new AuthConfigError(
        `scopes[${index}]`,
        `"scopes[${index}]" must be a scope name such as "files:read"`,
      );
  });
  return [...new Set(value as string[])];
}

function logo(value: unknown, option = 'logo'): string {
  if (typeof value !== 'string' || !LOGO.test(value))
    throw new AuthConfigError(
      option,
      `"${option}" must be a data:image/png, jpeg, jpg or svg+xml base64 URL`,
    );
  return value;
}

function description(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new AuthConfigError('description', '"description" must be a string');
  if (value.length > 255)
    throw new AuthConfigError(
      'description',
      `"description" must be at most 255 characters (got ${value.length})`,
    );
  return value;
}

function flag(value: unknown, option: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new AuthConfigError(option, `"${option}" must be a boolean`);
  return value;
}

/**
 * The snake_case body of `POST /api/2.0/clients`, with the defaults filled in. Throws
 * `AuthConfigError` naming the option.
 *
 * @example
 * ```ts
 * buildCreateOAuthAppBody({ name: 'CI Robot', redirectUris: ['https://ci.example.com/cb'], scopes: ['files:read'], websiteUrl: 'https://ci.example.com' });
 * ```
 */
export function buildCreateOAuthAppBody(options: CreateOAuthAppOptions): Record<string, unknown> {
  requireOptions(options, 'options');
  const websiteUrl = httpUrl(options.websiteUrl, 'websiteUrl');
  return {
    name: text(options.name, 'name', 3, 256),
    description: description(options.description),
    logo: logo(options.logo ?? DEFAULT_APP_LOGO),
    allow_pkce: flag(options.allowPkce, 'allowPkce'),
    is_public: true,
    website_url: websiteUrl,
    terms_url: httpUrl(options.termsUrl ?? websiteUrl, 'termsUrl'),
    policy_url: httpUrl(options.policyUrl ?? websiteUrl, 'policyUrl'),
    redirect_uris: urlList(options.redirectUris, 'redirectUris', REDIRECT_SCHEMES),
    allowed_origins: urlList(
      options.allowedOrigins ?? [new URL(websiteUrl).origin],
      'allowedOrigins',
      REDIRECT_SCHEMES,
    ),
    logout_redirect_uri: httpUrl(options.logoutRedirectUri ?? websiteUrl, 'logoutRedirectUri'),
    scopes: scopes(options.scopes),
  };
}

/**
 * The body of `PUT /api/2.0/clients/{id}`: the server replaces name, description, logo, allowed
 * origins and `allow_pkce` together, so the unchanged ones come from `current`. Throws `AuthConfigError`.
 */
export function buildUpdateOAuthAppBody(
  current: OAuthApp,
  changes: UpdateOAuthAppOptions,
): Record<string, unknown> {
  requireOptions(changes, 'changes');
  const known = ['name', 'description', 'logo', 'allowedOrigins', 'allowPkce'];
  if (
    !Object.keys(changes).some(
      (name) => known.includes(name) && (changes as Record<string, unknown>)[name] !== undefined,
    )
  )
    throw new AuthConfigError(
      'changes',
      '"changes" must change name, description, logo, allowedOrigins or allowPkce',
    );
  return {
    name: text(changes.name ?? current.name, 'name', 3, 256),
    description: description(changes.description === undefined ? current.description : changes.description),
    logo: logo(changes.logo ?? current.logo),
    allow_pkce: changes.allowPkce === undefined ? current.allowPkce : flag(changes.allowPkce, 'allowPkce'),
    is_public: true,
    allowed_origins: urlList(
      changes.allowedOrigins ?? current.allowedOrigins,
      'allowedOrigins',
      REDIRECT_SCHEMES,
    ),
  };
}

/** A page size of 1 to 50 (default 30). Throws `AuthConfigError` (`limit`). */
export function pageLimit(value: unknown): number {
  if (value === undefined) return 30;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 50)
    throw new AuthConfigError('limit', '"limit" must be an integer from 1 to 50');
  return value;
}

/** A page cursor: the `next` string of the previous page. Throws `AuthConfigError` (`cursor`). */
export function pageCursor(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '')
    throw new AuthConfigError('cursor', '"cursor" must be a non-empty string');
  return value;
}
