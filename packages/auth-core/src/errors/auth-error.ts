import { errorMarker } from './error-marker.js';

const MARK = errorMarker('@ds/auth-core.AuthError');

/** Options every {@link AuthError} accepts. */
export interface AuthErrorOptions {
  /** The underlying error. It must not carry a secret: wrap foreign errors with `redactError`. */
  cause?: unknown;
  /** Whether repeating the same call later may succeed. */
  retryable?: boolean;
}

/**
 * The base of every error thrown by `@ds/auth-*` packages.
 *
 * `code` is stable (`ERR_AUTH_*` in core, `ERR_<KIND>_*` in strategies) and is what callers branch on.
 * Messages are lower-case, name the offending option or field in quotes and never contain a secret.
 * Use {@link AuthError.isInstance} instead of `instanceof` so the check survives two installed copies.
 *
 * @example
 * ```ts
 * try { await client.get('/api/2.0/people/@self'); }
 * catch (error) { if (AuthError.isInstance(error) && error.code === 'ERR_AUTH_UNAUTHORIZED') relogin(); }
 * ```
 */
export class AuthError extends Error {
  /** A stable, machine-readable error code such as `ERR_AUTH_TIMEOUT`. */
  declare readonly code: string;
  /** Whether the same call may succeed if tried again later. */
  declare readonly retryable: boolean;

  constructor(code: string, message: string, options: AuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // The fields are `declare`d (no initialisers emitted); assigned in this order, the own
    // properties read code, retryable, name.
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.name = 'AuthError';
    MARK.mark(this);
    // V8 only: keep the constructors out of the stack trace.
    (Error as { captureStackTrace?: (target: object, ctor: Function) => void }).captureStackTrace?.(
      this,
      new.target,
    );
  }

  /** True for any `AuthError` (or subclass), even one created by another copy of this package. */
  static isInstance(error: unknown): error is AuthError {
    return MARK.has(error);
  }
}
