export { createActiveConnections, parseConnectionList } from './active-connections.js';
export type {
  ActiveConnection,
  ActiveConnectionList,
  ActiveConnections,
  ActiveConnectionsCallOptions,
  ActiveConnectionsClient,
  EndAllConnectionsOptions,
} from './active-connections.js';
export { createPersonalTokenAuth } from './create-personal-token-auth.js';
export type { PersonalTokenAuth } from './create-personal-token-auth.js';
export { LockedOutError, TwoFactorRequiredError } from './errors.js';
export { LOCKOUT_MS, mapLoginError } from './map-login-error.js';
export { parseLoginResponse } from './parse-login-response.js';
export type { LoginResult } from './parse-login-response.js';
export type {
  PasswordCredentials,
  PersonalToken,
  PersonalTokenAuthOptions,
  TwoFactorChallenge,
  TwoFactorContext,
  TwoFactorKind,
} from './types.js';
