import { AuthError } from './auth-error.js';

/** Every code `@ds/auth-core` itself throws. Strategies add their own `ERR_<KIND>_*` codes. */
export type AuthErrorCode =
  | 'ERR_AUTH_INVALID_OPTION'
  | 'ERR_AUTH_INSECURE_URL'
  | 'ERR_AUTH_INVALID_HEADER'
  | 'ERR_AUTH_UNAUTHORIZED'
  | 'ERR_AUTH_FORBIDDEN'
  | 'ERR_AUTH_NOT_FOUND'
  | 'ERR_AUTH_RATE_LIMITED'
  | 'ERR_AUTH_SERVER_ERROR'
  | 'ERR_AUTH_HTTP_ERROR'
  | 'ERR_AUTH_API_ERROR'
  | 'ERR_AUTH_TIMEOUT'
  | 'ERR_AUTH_NETWORK'
  | 'ERR_AUTH_BAD_RESPONSE'
  | 'ERR_AUTH_RESPONSE_TOO_LARGE'
  | 'ERR_AUTH_UNAVAILABLE'
  | 'ERR_AUTH_CLEARED'
  | 'ERR_AUTH_NO_STRATEGY'
  | 'ERR_AUTH_BAD_TOKEN'
  | 'ERR_AUTH_BAD_CREDENTIALS'
  | 'ERR_AUTH_STORE_CONFLICT'
  | 'ERR_AUTH_STORE_CORRUPT'
  | 'ERR_AUTH_STORE_INSECURE';

/**
 * Narrows `error` to an `AuthError` with one of `codes` (works across two installed copies, and
 * autocompletes the core codes while accepting any strategy's code).
 *
 * @example
 * ```ts
 * if (hasErrorCode(error, 'ERR_AUTH_RATE_LIMITED')) await sleep(error.retryAfterMs ?? 1000);
 * if (hasErrorCode(error, ['ERR_AUTH_UNAUTHORIZED', 'ERR_OAUTH_REAUTH_REQUIRED'])) redirectToSignIn();
 * ```
 */
export function hasErrorCode<C extends AuthErrorCode | (string & {})>(
  error: unknown,
  codes: C | readonly C[],
): error is AuthError & { readonly code: C; readonly retryAfterMs?: number | undefined } {
  if (!AuthError.isInstance(error)) return false;
  return typeof codes === 'string' ? error.code === codes : (codes as readonly string[]).includes(error.code);
}
