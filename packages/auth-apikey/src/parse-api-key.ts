import { AuthResponseError, Secret } from '@ds/auth-core';
import { parseDocSpaceDate } from '@ds/auth-core/strategy';
import { isApiKey } from './api-key-format.js';
import type { ApiKey, ApiKeyOwner, CreatedApiKey } from './types.js';

type Json = Record<string, unknown>;

function bad(field: string, problem: string): never {
  throw new AuthResponseError(`"${field}" ${problem}`);
}

function object(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(field, 'must be an object');
  return value as Json;
}

function string(value: unknown, field: string): string {
  if (typeof value !== 'string') bad(field, 'must be a string');
  return value as string;
}

function optional<T>(value: unknown, field: string, type: 'string' | 'boolean'): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) bad(field, `must be a ${type}`);
  return value as T;
}

function parseOwner(value: unknown, field: string): ApiKeyOwner | undefined {
  if (value === undefined || value === null) return undefined;
  const owner = object(value, field);
  const result: Record<string, unknown> = { id: string(owner.id, `${field}.id`) };
  for (const name of ['displayName', 'avatar', 'avatarSmall', 'profileUrl'] as const) {
    const text = optional<string>(owner[name], `${field}.${name}`, 'string');
    if (text !== undefined) result[name] = text;
  }
  for (const name of ['hasAvatar', 'isAnonim'] as const) {
    const flag = optional<boolean>(owner[name], `${field}.${name}`, 'boolean');
    if (flag !== undefined) result[name] = flag;
  }
  return Object.freeze(result) as unknown as ApiKeyOwner;
}

function parseFields(value: unknown, field: string): { key: string; apiKey: ApiKey } {
  const dto = object(value, field);
  const key = string(dto.key, `${field}.key`);
  const keyPostfix = optional<string>(dto.keyPostfix, `${field}.keyPostfix`, 'string') ?? key.slice(-4);
  const permissions = dto.permissions ?? [];
  if (!Array.isArray(permissions) || permissions.some((item) => typeof item !== 'string')) {
    bad(`${field}.permissions`, 'must be an array of strings');
  }
  const dates: Record<string, unknown> = {};
  for (const name of ['lastUsed', 'createOn', 'expiresAt'] as const) {
    // Kept as sent too: the offset says which time zone the portal uses.
    const time = parseDocSpaceDate(dto[name], `${field}.${name}`);
    if (time !== undefined) dates[name] = Object.freeze({ raw: dto[name] as string, date: new Date(time) });
  }
  const createBy = parseOwner(dto.createBy, `${field}.createBy`);
  const apiKey: ApiKey = {
    id: string(dto.id, `${field}.id`),
    name: string(dto.name, `${field}.name`),
    // Never keep a full key here: only the create response carries it, and it goes into a Secret.
    maskedKey: isApiKey(key) ? `sk-***${keyPostfix}` : key,
    keyPostfix,
    permissions: Object.freeze([...(permissions as string[])]),
    isActive: optional<boolean>(dto.isActive, `${field}.isActive`, 'boolean') ?? true,
    ...dates,
    ...(createBy ? { createBy } : {}),
  };
  return { key, apiKey };
}

/**
 * Parses one `ApiKeyResponseDto` (the `response` of `GET /api/2.0/keys/@self`, or an item of
 * `GET /api/2.0/keys`). Pure. Throws `AuthResponseError` (`ERR_AUTH_BAD_RESPONSE`) naming the field.
 * A full key in `key` is never kept: `maskedKey` holds `sk-***` and the last four characters.
 *
 * @example
 * ```ts
 * const key = parseApiKey(await client.get('/api/2.0/keys/@self'));
 * ```
 * @see docs/docspace-behaviour.md §4.1
 */
export function parseApiKey(value: unknown, field = 'response'): ApiKey {
  return Object.freeze(parseFields(value, field).apiKey);
}

/**
 * Parses the `response` of `POST /api/2.0/keys`, which is the only answer that carries the full key.
 * Pure. Throws `AuthResponseError` (`ERR_AUTH_BAD_RESPONSE`) when a field is malformed or `key` is
 * not a full `sk-` key (the message never contains the key).
 *
 * @example
 * ```ts
 * const created = parseCreatedApiKey(await client.post('/api/2.0/keys', { name: 'ci' }));
 * save(created.secret.reveal());
 * ```
 * @see docs/docspace-behaviour.md §4.1
 */
export function parseCreatedApiKey(value: unknown, field = 'response'): CreatedApiKey {
  const { key, apiKey } = parseFields(value, field);
  if (!isApiKey(key)) bad(`${field}.key`, 'must be a full "sk-" key in the create response');
  return Object.freeze({ ...apiKey, secret: new Secret(key) });
}

/**
 * Parses the `response` of `GET /api/2.0/keys` (an array of `ApiKeyResponseDto`). Pure. Throws
 * `AuthResponseError` (`ERR_AUTH_BAD_RESPONSE`) naming the field, e.g. `response[2].id`.
 *
 * @example
 * ```ts
 * const keys = parseApiKeyList(await client.get('/api/2.0/keys'));
 * ```
 */
export function parseApiKeyList(value: unknown, field = 'response'): ApiKey[] {
  if (!Array.isArray(value)) bad(field, 'must be an array');
  return (value as unknown[]).map((item, index) => parseApiKey(item, `${field}[${index}]`));
}

/**
 * Parses the `response` of `GET /api/2.0/keys/permissions` (an array of strings). Pure. Throws
 * `AuthResponseError` (`ERR_AUTH_BAD_RESPONSE`) otherwise.
 *
 * @example
 * ```ts
 * parseApiKeyPermissions(['*', '*:read', 'files:read']); // ['*', '*:read', 'files:read']
 * ```
 */
export function parseApiKeyPermissions(value: unknown, field = 'response'): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    bad(field, 'must be an array of strings');
  }
  return [...(value as string[])];
}

/**
 * Parses the `true`/`false` answer of `PUT` and `DELETE /api/2.0/keys/{id}`. Pure. Throws
 * `AuthResponseError` (`ERR_AUTH_BAD_RESPONSE`) for anything else.
 *
 * @example
 * ```ts
 * parseBooleanResponse(true); // true
 * ```
 */
export function parseBooleanResponse(value: unknown, field = 'response'): boolean {
  if (typeof value !== 'boolean') bad(field, 'must be true or false');
  return value as boolean;
}
