export { chainStrategies } from './chain-strategies.js';
export type { ChainedStrategy, ChainOptions } from './chain-strategies.js';
export { abortable, sleep, systemClock } from './clock.js';
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
  errorMarker,
  hasErrorCode,
  isRetryableStatus,
  redactError,
} from './errors.js';
export type { AuthErrorCode, AuthErrorOptions, AuthHttpErrorOptions, ErrorMarker } from './errors.js';
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  isNetworkError,
  networkError,
  readTextCapped,
  runWithTimeout,
  safeUrl,
} from './http.js';
export { backoffDelayMs, refreshWindowMs, resolveRefreshPolicy } from './refresh-policy.js';
export type { RefreshPolicy, RefreshWindowOptions, RetryOptions } from './refresh-policy.js';
export { parseRetryAfter } from './retry-after.js';
export { fingerprint, REDACTED, redactable, Secret } from './secret.js';
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
} from './token-manager.js';
export { assertStoreKey, createMemoryTokenStore } from './token-store.js';
export type { CompareAndSetResult, ReleaseLock, StoredEntry, TokenStore } from './token-store.js';
export type { AuthenticateOptions, AuthStrategy, Clock, Credentials, FetchLike } from './types.js';
export {
  assertHeaderName,
  assertHeaderValue,
  isLoopbackHost,
  optionalFunction,
  optionalNumber,
  optionalSignal,
  parseBaseUrl,
  requireOptions,
  requireString,
} from './validate.js';
export type { ParseBaseUrlOptions } from './validate.js';
export { applyCredentials, withAuth } from './with-auth.js';
export type { WithAuthOptions } from './with-auth.js';
