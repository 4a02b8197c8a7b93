import { AuthResponseError, Secret } from '@ds/auth-core';
import type {
  OAuthApp,
  OAuthAppInfo,
  OAuthAppPage,
  OAuthAppWithSecret,
  OAuthConsentPage,
  OAuthScopeInfo,
} from './oauth-app-types.js';

// Parsers of the registration service's snake_case answers (ASC.Identity ClientResponse.java,
// ClientInfoResponse.java, PageableResponse.java, ConsentResponse.java, ScopeResponse.java). Pure.

type Json = Record<string, unknown>;

function bad(field: string, problem: string): never {
  throw new AuthResponseError(`the registration service sent a bad response: "${field}" ${problem}`, {
    code: 'ERR_OAUTH_BAD_RESPONSE',
  });
}

function object(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(field, 'must be an object');
  return value as Json;
}

function string(value: unknown, field: string): string {
  if (typeof value !== 'string') bad(field, 'must be a string');
  return value as string;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  return string(value, field);
}

function strings(value: unknown, field: string): readonly string[] {
  if (value === undefined || value === null) return Object.freeze([]);
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
    bad(field, 'must be an array of strings');
  return Object.freeze([...(value as string[])]);
}

function bool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') bad(field, 'must be a boolean');
  return value as boolean;
}

function date(value: unknown, field: string): Date {
  const text = string(value, field);
  const time = Date.parse(text);
  if (Number.isNaN(time)) bad(field, 'must be a date');
  return new Date(time);
}

function info(dto: Json, field: string): OAuthAppInfo {
  return {
    clientId: string(dto.client_id, `${field}.client_id`),
    name: string(dto.name, `${field}.name`),
    description: optionalString(dto.description, `${field}.description`),
    logo: optionalString(dto.logo, `${field}.logo`) ?? '',
    websiteUrl: optionalString(dto.website_url, `${field}.website_url`) ?? '',
    termsUrl: optionalString(dto.terms_url, `${field}.terms_url`) ?? '',
    policyUrl: optionalString(dto.policy_url, `${field}.policy_url`) ?? '',
    authenticationMethods: strings(dto.authentication_methods, `${field}.authentication_methods`),
    scopes: strings(dto.scopes, `${field}.scopes`),
    isPublic: bool(dto.is_public, `${field}.is_public`),
  };
}

/**
 * An app from a `ClientResponse`. The `client_secret` of a list item is the stored ciphertext, never the
 * secret, so it is left out here.
 */
export function parseOAuthApp(value: unknown, field = 'client'): OAuthApp {
  const dto = object(value, field);
  const base = info(dto, field);
  const tenant = dto.tenant;
  if (typeof tenant !== 'number') bad(`${field}.tenant`, 'must be a number');
  return Object.freeze({
    ...base,
    allowPkce: base.authenticationMethods.includes('none'),
    redirectUris: strings(dto.redirect_uris, `${field}.redirect_uris`),
    allowedOrigins: strings(dto.allowed_origins, `${field}.allowed_origins`),
    logoutRedirectUris: strings(dto.logout_redirect_uris, `${field}.logout_redirect_uris`),
    tenant: tenant as number,
    enabled: bool(dto.enabled, `${field}.enabled`),
    createdOn: date(dto.created_on, `${field}.created_on`),
    createdBy: string(dto.created_by, `${field}.created_by`),
    modifiedOn: date(dto.modified_on, `${field}.modified_on`),
    modifiedBy: string(dto.modified_by, `${field}.modified_by`),
  });
}

/** An app with its `client_secret` (create and get), the secret in a redacted {@link Secret}. */
export function parseOAuthAppWithSecret(value: unknown): OAuthAppWithSecret {
  const dto = object(value, 'client');
  const secret = string(dto.client_secret, 'client.client_secret');
  if (secret === '') bad('client.client_secret', 'must not be empty');
  return Object.freeze({ ...parseOAuthApp(dto), clientSecret: new Secret(secret) });
}

/** `{ client_secret }` of `PATCH …/regenerate`. */
export function parseRegeneratedSecret(value: unknown): Secret {
  const secret = string(object(value, 'body').client_secret, 'client_secret');
  if (secret === '') bad('client_secret', 'must not be empty');
  return new Secret(secret);
}

/** `{ data, last_client_id, last_created_on, limit }`. */
export function parseOAuthAppPage(value: unknown): OAuthAppPage {
  const body = object(value, 'body');
  if (!Array.isArray(body.data)) bad('data', 'must be an array');
  return Object.freeze({
    apps: Object.freeze((body.data as unknown[]).map((item, index) => parseOAuthApp(item, `data[${index}]`))),
    next: optionalString(body.last_created_on, 'last_created_on'),
  });
}

/** `{ data: [{ registered_client_id, scopes: "a b", modified_at, client }], last_modified_on, limit }`. */
export function parseOAuthConsentPage(value: unknown): OAuthConsentPage {
  const body = object(value, 'body');
  if (!Array.isArray(body.data)) bad('data', 'must be an array');
  const consents = (body.data as unknown[]).map((item, index) => {
    const field = `data[${index}]`;
    const dto = object(item, field);
    const modified = optionalString(dto.modified_at, `${field}.modified_at`);
    return Object.freeze({
      clientId: string(dto.registered_client_id, `${field}.registered_client_id`),
      scopes: Object.freeze(
        (optionalString(dto.scopes, `${field}.scopes`) ?? '').split(/[\s,]+/).filter(Boolean),
      ),
      modifiedAt: modified === undefined ? undefined : date(modified, `${field}.modified_at`),
      app:
        dto.client === null || dto.client === undefined
          ? undefined
          : Object.freeze(info(object(dto.client, `${field}.client`), `${field}.client`)),
    });
  });
  return Object.freeze({
    consents: Object.freeze(consents),
    next: optionalString(body.last_modified_on, 'last_modified_on'),
  });
}

/** `[{ name, group, type }]`. */
export function parseOAuthScopes(value: unknown): OAuthScopeInfo[] {
  if (!Array.isArray(value)) bad('body', 'must be an array');
  return (value as unknown[]).map((item, index) => {
    const dto = object(item, `[${index}]`);
    return Object.freeze({
      name: string(dto.name, `[${index}].name`),
      group: string(dto.group, `[${index}].group`),
      type: string(dto.type, `[${index}].type`),
    });
  });
}
