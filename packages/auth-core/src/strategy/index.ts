// Helpers for people who write a strategy (or a token store) package: the strategy kit, option
// validation, requests with deadlines, DocSpace dates, redaction and error brands. Apps use the main
// entry; everything here is also what the @ds strategies themselves are built from.
export { createStaticStrategy } from './create-static-strategy.js';
export type { StaticStrategyOptions } from './create-static-strategy.js';
export { createTokenStrategy } from './create-token-strategy.js';
export type { TokenAccess, TokenStrategy, TokenStrategyOptions } from './create-token-strategy.js';
export { abortable, sleep, systemClock } from '../clock.js';
export { errorMarker } from '../errors.js';
export type { ErrorMarker } from '../errors.js';
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  isNetworkError,
  isRedirectResponse,
  isRefusedRedirect,
  networkError,
  readTextCapped,
  runWithTimeout,
  safeUrl,
  unfollowedRedirectMode,
} from '../http.js';
export { parseDocSpaceDate } from '../parse-docspace-date.js';
export { redactable } from '../secret.js';
export { assertStoreKey } from '../token-store.js';
export {
  assertHeaderValue,
  isLoopbackHost,
  optionalFunction,
  optionalNumber,
  optionalSignal,
  requireOptions,
  requireString,
} from '../validate.js';
