import { AuthConfigError } from '@ds/auth-core';
import { requireOptions } from '@ds/auth-core/strategy';
import {
  API_KEY_PERMISSIONS,
  type ApiKeyPermission,
  type CreateApiKeyOptions,
  type UpdateApiKeyOptions,
} from './types.js';

/** A request to send: method, path under the portal, and JSON body. */
export interface ApiKeyRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly body?: Record<string, unknown>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAME_MAX = 30;

function checkName(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new AuthConfigError(option, `"${option}" must be a non-empty string`);
  }
  if (value.length > NAME_MAX) {
    throw new AuthConfigError(
      option,
      `"${option}" must be at most ${NAME_MAX} characters (got ${value.length})`,
    );
  }
  return value;
}

function checkPermissions(value: unknown, option: string): ApiKeyPermission[] {
  if (!Array.isArray(value)) throw new AuthConfigError(option, `"${option}" must be an array`);
  value.forEach((item, index) => {
    if (!(API_KEY_PERMISSIONS as readonly unknown[]).includes(item)) {
      throw new AuthConfigError(
        `${option}[${index}]`,
        `"${option}[${index}]" must be one of ${API_KEY_PERMISSIONS.map((name) => `"${name}"`).join(', ')}`,
      );
    }
  });
  return [...new Set(value as ApiKeyPermission[])];
}

/**
 * The path of one key, after checking that `id` is a GUID. Throws `AuthConfigError`
 * (`ERR_AUTH_INVALID_OPTION`, option `id`).
 *
 * @example
 * ```ts
 * apiKeyPath('3f0c5d2e-0000-4000-8000-000000000001'); // '/api/2.0/keys/3f0c5d2e-0000-4000-8000-000000000001'
 * ```
 */
export function apiKeyPath(id: unknown): string {
  if (typeof id !== 'string' || !GUID.test(id)) throw new AuthConfigError('id', '"id" must be a GUID');
  return `/api/2.0/keys/${id.toLowerCase()}`;
}

/**
 * Builds `POST /api/2.0/keys` after validating `name` (1-30 characters), `permissions` (known values)
 * and `expiresInDays` (an integer 1-365). Pure. Throws `AuthConfigError` (`ERR_AUTH_INVALID_OPTION`)
 * naming the option.
 *
 * @example
 * ```ts
 * buildCreateApiKeyRequest({ name: 'ci-bot', permissions: ['files:read'], expiresInDays: 30 });
 * // { method: 'POST', path: '/api/2.0/keys', body: { name: 'ci-bot', permissions: ['files:read'], expiresInDays: 30 } }
 * ```
 * @see docs/docspace-behaviour.md §4.1
 */
export function buildCreateApiKeyRequest(options: CreateApiKeyOptions): ApiKeyRequest {
  requireOptions(options, 'options');
  const body: Record<string, unknown> = { name: checkName(options.name, 'name') };
  if (options.permissions !== undefined)
    body.permissions = checkPermissions(options.permissions, 'permissions');
  if (options.expiresInDays !== undefined) {
    const days = options.expiresInDays;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 365) {
      throw new AuthConfigError('expiresInDays', '"expiresInDays" must be a whole number from 1 to 365');
    }
    body.expiresInDays = days;
  }
  return { method: 'POST', path: '/api/2.0/keys', body };
}

/**
 * Builds `PUT /api/2.0/keys/{id}` after validating the GUID and the changes (at least one of `name`,
 * `permissions`, `isActive`). Pure. Throws `AuthConfigError` (`ERR_AUTH_INVALID_OPTION`) naming the option.
 *
 * @example
 * ```ts
 * buildUpdateApiKeyRequest(id, { isActive: false }); // { method: 'PUT', path: `/api/2.0/keys/${id}`, body: { isActive: false } }
 * ```
 * @see docs/docspace-behaviour.md §4.1
 */
export function buildUpdateApiKeyRequest(id: string, changes: UpdateApiKeyOptions): ApiKeyRequest {
  const path = apiKeyPath(id);
  requireOptions(changes, 'changes');
  const body: Record<string, unknown> = {};
  if (changes.name !== undefined) body.name = checkName(changes.name, 'name');
  if (changes.permissions !== undefined)
    body.permissions = checkPermissions(changes.permissions, 'permissions');
  if (changes.isActive !== undefined) {
    if (typeof changes.isActive !== 'boolean')
      throw new AuthConfigError('isActive', '"isActive" must be a boolean');
    body.isActive = changes.isActive;
  }
  if (Object.keys(body).length === 0) {
    throw new AuthConfigError(
      'changes',
      '"changes" must set at least one of "name", "permissions", "isActive"',
    );
  }
  return { method: 'PUT', path, body };
}
