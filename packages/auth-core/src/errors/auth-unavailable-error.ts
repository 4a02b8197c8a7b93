import { AuthError, type AuthErrorOptions } from './auth-error.js';
import { errorMarker } from './error-marker.js';

const MARK = errorMarker('@ds/auth-core.AuthUnavailableError');

/**
 * A strategy has nothing to offer without user interaction (no stored token, no key configured),
 * `ERR_AUTH_UNAVAILABLE`. {@link chainStrategies} moves on to the next strategy on this error only.
 */
export class AuthUnavailableError extends AuthError {
  constructor(message: string, options: AuthErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'ERR_AUTH_UNAVAILABLE', message, options);
    this.name = 'AuthUnavailableError';
    MARK.mark(this);
  }

  /** True for an `AuthUnavailableError` (or subclass), even from another copy of this package. */
  static override isInstance(error: unknown): error is AuthUnavailableError {
    return MARK.has(error);
  }
}
