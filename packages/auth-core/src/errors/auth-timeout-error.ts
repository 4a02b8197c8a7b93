import { AuthError, type AuthErrorOptions } from './auth-error.js';
import { errorMarker } from './error-marker.js';

const MARK = errorMarker('@ds/auth-core.AuthTimeoutError');

/**
 * A request did not finish within its timeout (`ERR_AUTH_TIMEOUT`). Retryable.
 */
export class AuthTimeoutError extends AuthError {
  /** The timeout that elapsed, in milliseconds. */
  declare readonly timeoutMs: number;

  constructor(message: string, options: AuthErrorOptions & { timeoutMs: number }) {
    super('ERR_AUTH_TIMEOUT', message, { retryable: true, ...options });
    this.name = 'AuthTimeoutError';
    this.timeoutMs = options.timeoutMs;
    MARK.mark(this);
  }

  /** True for an `AuthTimeoutError` (or subclass), even from another copy of this package. */
  static override isInstance(error: unknown): error is AuthTimeoutError {
    return MARK.has(error);
  }
}
