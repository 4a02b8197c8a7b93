import { AuthError, type AuthErrorOptions } from './auth-error.js';
import { errorMarker } from './error-marker.js';
import { isRetryableStatus } from './retryable-status.js';

const MARK = errorMarker('@ds/auth-core.AuthHttpError');

/** Fields of an {@link AuthHttpError}. */
export interface AuthHttpErrorOptions extends AuthErrorOptions {
  /** The HTTP status code of the response. */
  status: number;
  /** Milliseconds the server asked us to wait (`Retry-After`, `X-RateLimit-Reset`), when it said. */
  retryAfterMs?: number;
  /** The server's own error message (from the DocSpace envelope or an OAuth error body), if any. */
  serverMessage?: string;
  /** The request method, for diagnostics. */
  method?: string;
  /** The request URL without its query string, for diagnostics. */
  url?: string;
}

/**
 * The server answered with an error status, or with a DocSpace envelope whose `status` is `1`.
 *
 * Codes: `ERR_AUTH_UNAUTHORIZED` (401), `ERR_AUTH_FORBIDDEN` (403), `ERR_AUTH_RATE_LIMITED` (429),
 * `ERR_AUTH_SERVER_ERROR` (5xx), `ERR_AUTH_NOT_FOUND` (404), `ERR_AUTH_HTTP_ERROR` (other),
 * `ERR_AUTH_API_ERROR` (a 2xx response with `status: 1`). Strategies may use their own codes.
 *
 * @see docs/docspace-behaviour.md §8.2, §8.3
 */
export class AuthHttpError extends AuthError {
  /** The HTTP status code (or the envelope's `statusCode` for a 2xx with `status: 1`). */
  declare readonly status: number;
  /** Milliseconds to wait before retrying, when the server said. */
  declare readonly retryAfterMs: number | undefined;
  /** The server's own message, when it sent one. */
  declare readonly serverMessage: string | undefined;
  /** The request method. */
  declare readonly method: string | undefined;
  /** The request URL without query string or fragment. */
  declare readonly url: string | undefined;

  constructor(code: string, message: string, options: AuthHttpErrorOptions) {
    super(code, message, { ...options, retryable: options.retryable ?? isRetryableStatus(options.status) });
    this.name = 'AuthHttpError';
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.serverMessage = options.serverMessage;
    this.method = options.method;
    this.url = options.url;
    MARK.mark(this);
  }

  /** True for an `AuthHttpError` (or subclass), even from another copy of this package. */
  static override isInstance(error: unknown): error is AuthHttpError {
    return MARK.has(error);
  }
}
