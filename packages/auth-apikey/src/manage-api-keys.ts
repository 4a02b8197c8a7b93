import { AuthHttpError, type DocSpaceClient } from '@ds/auth-core';
import {
  parseApiKey,
  parseApiKeyList,
  parseApiKeyPermissions,
  parseBooleanResponse,
  parseCreatedApiKey,
} from './parse-api-key.js';
import { apiKeyPath, buildCreateApiKeyRequest, buildUpdateApiKeyRequest } from './request-api-keys.js';
import type {
  ApiKey,
  ApiKeyRequestOptions,
  ApiKeyValidation,
  CreateApiKeyOptions,
  CreatedApiKey,
  UpdateApiKeyOptions,
} from './types.js';

/** The part of a `DocSpaceClient` the key functions use; any authenticated client fits. */
export type ApiKeyClient = Pick<DocSpaceClient, 'get' | 'post' | 'put' | 'delete'>;

function requestOptions(options: ApiKeyRequestOptions | undefined): { signal?: AbortSignal } {
  return options?.signal ? { signal: options.signal } : {};
}

/**
 * Creates an API key for the client's user (`POST /api/2.0/keys`). The full key is in `secret`, which
 * prints as `[redacted]`; DocSpace never shows it again. Throws `AuthConfigError` for bad options,
 * `AuthHttpError` (`ERR_AUTH_FORBIDDEN` for guests, `ERR_AUTH_RATE_LIMITED`, ...) from the server and
 * `AuthResponseError` for a malformed answer.
 *
 * @example
 * ```ts
 * const created = await createApiKey(client, { name: 'ci-bot', permissions: ['files:read'], expiresInDays: 30 });
 * await saveSecret(created.secret.reveal());
 * ```
 * @see docs/docspace-behaviour.md §4.1
 */
export async function createApiKey(
  client: ApiKeyClient,
  options: CreateApiKeyOptions,
  requestOptionsArg?: ApiKeyRequestOptions,
): Promise<CreatedApiKey> {
  const request = buildCreateApiKeyRequest(options);
  return parseCreatedApiKey(await client.post(request.path, request.body, requestOptions(requestOptionsArg)));
}

/**
 * Lists API keys (`GET /api/2.0/keys`): a DocSpace admin sees every key in the portal, others their
 * own. Keys come masked. Throws `AuthHttpError` or `AuthResponseError`.
 *
 * @example
 * ```ts
 * for (const key of await listApiKeys(client)) console.log(key.name, key.maskedKey, key.expiresAt?.date);
 * ```
 */
export async function listApiKeys(client: ApiKeyClient, options?: ApiKeyRequestOptions): Promise<ApiKey[]> {
  return parseApiKeyList(await client.get('/api/2.0/keys', requestOptions(options)));
}

/**
 * The key the client authenticates with (`GET /api/2.0/keys/@self`). It works for a key of any scope.
 * Throws `AuthHttpError` (`ERR_AUTH_UNAUTHORIZED` when the key is invalid, expired or inactive).
 *
 * @example
 * ```ts
 * const current = await getCurrentApiKey(client); // current.permissions, current.expiresAt
 * ```
 * @see docs/docspace-behaviour.md §4.1
 */
export async function getCurrentApiKey(
  client: ApiKeyClient,
  options?: ApiKeyRequestOptions,
): Promise<ApiKey> {
  return parseApiKey(await client.get('/api/2.0/keys/@self', requestOptions(options)));
}

/**
 * Every permission string the portal accepts (`GET /api/2.0/keys/permissions`).
 * Throws `AuthHttpError` or `AuthResponseError`.
 *
 * @example
 * ```ts
 * await listApiKeyPermissions(client); // ['*', '*:read', '*:write', 'files:read', ...]
 * ```
 */
export async function listApiKeyPermissions(
  client: ApiKeyClient,
  options?: ApiKeyRequestOptions,
): Promise<string[]> {
  return parseApiKeyPermissions(await client.get('/api/2.0/keys/permissions', requestOptions(options)));
}

/**
 * Renames, re-scopes, or (de)activates a key (`PUT /api/2.0/keys/{id}`). Resolves `false` when
 * DocSpace refused (the key expired, or it is not yours). Throws `AuthConfigError` for a non-GUID id or
 * no change, `AuthHttpError` from the server.
 *
 * @example
 * ```ts
 * await updateApiKey(client, key.id, { isActive: false }); // true
 * ```
 */
export async function updateApiKey(
  client: ApiKeyClient,
  id: string,
  changes: UpdateApiKeyOptions,
  options?: ApiKeyRequestOptions,
): Promise<boolean> {
  const request = buildUpdateApiKeyRequest(id, changes);
  return parseBooleanResponse(await client.put(request.path, request.body, requestOptions(options)));
}

/**
 * Deletes a key (`DELETE /api/2.0/keys/{id}`); resolves `false` when DocSpace refused. Throws
 * `AuthConfigError` for a non-GUID id, `AuthHttpError` from the server.
 *
 * @example
 * ```ts
 * await deleteApiKey(client, key.id); // true
 * ```
 */
export async function deleteApiKey(
  client: ApiKeyClient,
  id: string,
  options?: ApiKeyRequestOptions,
): Promise<boolean> {
  const path = apiKeyPath(id);
  return parseBooleanResponse(await client.delete(path, undefined, requestOptions(options)));
}

/**
 * Checks the client's key against the portal with `GET /api/2.0/keys/@self` (which needs no scope):
 * `{ valid: true, key }`, or `{ valid: false, reason: 'unauthorized' }` for a 401 (invalid, expired,
 * inactive, or the creator is disabled). Other failures (network, 5xx, 403) are thrown.
 *
 * @example
 * ```ts
 * const result = await validateApiKey(client);
 * if (!result.valid) console.error('DOCSPACE_API_KEY is not accepted by the portal');
 * ```
 * @see docs/docspace-behaviour.md §4.1
 */
export async function validateApiKey(
  client: ApiKeyClient,
  options?: ApiKeyRequestOptions,
): Promise<ApiKeyValidation> {
  try {
    return { valid: true, key: await getCurrentApiKey(client, options) };
  } catch (error) {
    if (AuthHttpError.isInstance(error) && error.status === 401)
      return { valid: false, reason: 'unauthorized' };
    throw error;
  }
}
