export { apiBaseFromToken } from './api-base.js';
export { base64UrlDecode, base64UrlEncode, constantTimeEqual, randomBase64Url } from './base64url.js';
export { createOAuthAuth } from './create-oauth-auth.js';
export type { OAuthAuth, OAuthAuthOptions } from './create-oauth-auth.js';
export { createOAuthApps } from './create-oauth-apps.js';
export type { OAuthAppsClient, OAuthAppsOptions } from './create-oauth-apps.js';
export { createOAuthClient } from './create-oauth-client.js';
export { createDeveloperTokenAuth, requestDeveloperToken } from './developer-token.js';
export type {
  DeveloperToken,
  DeveloperTokenAuth,
  DeveloperTokenAuthOptions,
  DeveloperTokenClient,
  DeveloperTokenOptions,
  StoredDeveloperToken,
} from './developer-token.js';
export type {
  AuthorizationRequestOptions,
  OAuthCallOptions,
  OAuthClient,
  RefreshOptions,
} from './create-oauth-client.js';
export { createOAuthSessions } from './create-oauth-sessions.js';
export type { OAuthSessions, OAuthSessionsOptions } from './create-oauth-sessions.js';
export { OAuthError, reauthRequired } from './errors.js';
export type {
  CreateOAuthAppOptions,
  ListOAuthAppsOptions,
  ListOAuthConsentsOptions,
  OAuthApp,
  OAuthAppCallOptions,
  OAuthAppInfo,
  OAuthAppPage,
  OAuthApps,
  OAuthAppWithSecret,
  OAuthConsent,
  OAuthConsentPage,
  OAuthScopeInfo,
  UpdateOAuthAppOptions,
} from './oauth-app-types.js';
export type { OAuthErrorOptions } from './errors.js';
export { readUnverifiedClaims } from './jwt-claims.js';
export { parseCallback } from './parse-callback.js';
export type { CallbackExpectation } from './parse-callback.js';
export { parseTokenResponse } from './parse-token-response.js';
export { createPkcePair, s256 } from './pkce.js';
export type { PkcePair } from './pkce.js';
export type {
  AuthorizationRequest,
  AuthorizationServer,
  CallbackChecks,
  ClientAuthMethod,
  IntrospectionResult,
  OAuthClientOptions,
  OAuthEndpoints,
  OAuthTokens,
  TokenCheckContext,
} from './types.js';
