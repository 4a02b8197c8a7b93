import { AuthError, type AuthErrorOptions } from './auth-error.js';
import { errorMarker } from './error-marker.js';

const MARK = errorMarker('@ds/auth-core.AuthConfigError');

/**
 * A factory or function was given an invalid option. Thrown synchronously; `option` names it.
 *
 * @example
 * ```ts
 * createApiKeyAuth({ apiKey: 'nope' }); // throws AuthConfigError { code: 'ERR_AUTH_INVALID_OPTION', option: 'apiKey' }
 * ```
 */
export class AuthConfigError extends AuthError {
  /** The option (or field path) that was rejected, for example `baseUrl` or `retry.attempts`. */
  declare readonly option: string;

  constructor(option: string, message: string, options: AuthErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'ERR_AUTH_INVALID_OPTION', message, options);
    this.name = 'AuthConfigError';
    this.option = option;
    MARK.mark(this);
  }

  /** True for an `AuthConfigError` (or subclass), even from another copy of this package. */
  static override isInstance(error: unknown): error is AuthConfigError {
    return MARK.has(error);
  }
}
