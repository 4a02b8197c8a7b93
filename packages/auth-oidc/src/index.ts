export { checkAlgorithms, SUPPORTED_ALGORITHMS } from './algorithms.js';
export { computeAtHash } from './at-hash.js';
export { createOidcAuth } from './create-oidc-auth.js';
export type { OidcAuth, OidcAuthOptions } from './create-oidc-auth.js';
export { createOidcClient } from './create-oidc-client.js';
export type {
  IdTokenCheckOptions,
  OidcAuthorizationRequestOptions,
  OidcCallbackChecks,
  OidcCallOptions,
  OidcClient,
} from './create-oidc-client.js';
export { discoveryPlan, parseDiscovery } from './discovery.js';
export type { DiscoveryPlan } from './discovery.js';
export { buildEndSessionUrl } from './end-session.js';
export type { EndSessionParams } from './end-session.js';
export { IdTokenError } from './errors.js';
export type { IdTokenErrorCode } from './errors.js';
export { verifyIdToken } from './verify-id-token.js';
export type { IdTokenExpectations, VerifyIdTokenOptions } from './verify-id-token.js';
export type {
  IdTokenClaims,
  OidcClientOptions,
  OidcCompat,
  OidcDiscovery,
  OidcSignInResult,
  OidcSignOutResult,
} from './types.js';
