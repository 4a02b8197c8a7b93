// The user API: strategies meet transports here. Helpers for writing a strategy are in ./strategy.
export { chainStrategies } from './chain-strategies.js';
export type { ChainedStrategy, ChainOptions } from './chain-strategies.js';
export { createCredentials } from './credentials.js';
export type { CredentialsInit } from './credentials.js';
export { createDocSpaceClient, resolveUrl } from './docspace-client.js';
export type { DocSpaceClient, DocSpaceClientOptions, DocSpaceRequestOptions } from './docspace-client.js';
export { interpretResponse } from './envelope.js';
export type { DocSpaceResponse, RawResponse } from './envelope.js';
export {
  AuthConfigError,
  AuthError,
  AuthHttpError,
  AuthResponseError,
  AuthTimeoutError,
  AuthUnavailableError,
  hasErrorCode,
  redactError,
} from './errors.js';
export type { AuthErrorCode, AuthErrorOptions, AuthHttpErrorOptions } from './errors.js';
export type { RefreshWindowOptions, RetryOptions } from './refresh-policy.js';
export { fingerprint, Secret } from './secret.js';
export { createTokenManager } from './token-manager.js';
export type {
  CurrentToken,
  GetTokenOptions,
  ManagedToken,
  ObtainContext,
  RefreshReason,
  TokenEvent,
  TokenManager,
  TokenManagerOptions,
} from './token-manager-types.js';
export { createMemoryTokenStore } from './token-store.js';
export type { CompareAndSetResult, ReleaseLock, StoredEntry, TokenStore } from './token-store.js';
export type { AuthenticateOptions, AuthStrategy, Clock, Credentials, FetchLike } from './types.js';
export { parseBaseUrl } from './validate.js';
export type { ParseBaseUrlOptions } from './validate.js';
export { withAuth } from './with-auth.js';
export type { WithAuthOptions } from './with-auth.js';
