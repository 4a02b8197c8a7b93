export { assertApiKey, isApiKey } from './api-key-format.js';
export { createApiKeyAuth } from './create-api-key-auth.js';
export {
  createApiKey,
  deleteApiKey,
  getCurrentApiKey,
  listApiKeyPermissions,
  listApiKeys,
  updateApiKey,
  validateApiKey,
} from './manage-api-keys.js';
export {
  parseApiKey,
  parseApiKeyList,
  parseApiKeyPermissions,
  parseBooleanResponse,
  parseCreatedApiKey,
} from './parse-api-key.js';
export { apiKeyPath, buildCreateApiKeyRequest, buildUpdateApiKeyRequest } from './request-api-keys.js';
export { API_KEY_PERMISSIONS } from './types.js';
export type { ApiKeyAuthOptions } from './create-api-key-auth.js';
export type { ApiKeyClient } from './manage-api-keys.js';
export type { ApiKeyRequest } from './request-api-keys.js';
export type {
  ApiDateTime,
  ApiKey,
  ApiKeyOwner,
  ApiKeyPermission,
  ApiKeyRequestOptions,
  ApiKeyValidation,
  CreateApiKeyOptions,
  CreatedApiKey,
  UpdateApiKeyOptions,
} from './types.js';
