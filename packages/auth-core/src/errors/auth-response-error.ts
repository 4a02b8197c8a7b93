import { AuthError, type AuthErrorOptions } from './auth-error.js';
import { errorMarker } from './error-marker.js';

const MARK = errorMarker('@ds/auth-core.AuthResponseError');

/**
 * A response arrived but could not be understood: malformed JSON, a missing field, an HTML page where
 * JSON was expected, or a body over the size cap (`ERR_AUTH_BAD_RESPONSE`, `ERR_AUTH_RESPONSE_TOO_LARGE`).
 */
export class AuthResponseError extends AuthError {
  /** The HTTP status code of the response that could not be parsed, when there was one. */
  declare readonly status: number | undefined;

  constructor(message: string, options: AuthErrorOptions & { status?: number; code?: string } = {}) {
    super(options.code ?? 'ERR_AUTH_BAD_RESPONSE', message, options);
    this.name = 'AuthResponseError';
    this.status = options.status;
    MARK.mark(this);
  }

  /** True for an `AuthResponseError` (or subclass), even from another copy of this package. */
  static override isInstance(error: unknown): error is AuthResponseError {
    return MARK.has(error);
  }
}
