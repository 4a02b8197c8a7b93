// `@ds/auth-core` recognises its errors by this registry symbol (`AuthError.isInstance`), not by
// `instanceof`, so an error class that sets it is an AuthError to every consumer, with no import.
const AUTH_ERROR_MARKER = Symbol.for('@ds/auth-core.AuthError');

/**
 * Every error this strategy throws: a stable `code`, a message without secrets, and the marker that
 * makes `AuthError.isInstance(error)` true. Config errors also carry `option`, as `AuthConfigError` does.
 *
 * @example
 * ```ts
 * try { await strategy.authenticate(); } catch (error) { if ((error as CommandKeyError).code === 'ERR_COMMANDKEY_FAILED') … }
 * ```
 */
export class CommandKeyError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly option?: string;

  constructor(code: string, message: string, options: { option?: string; retryable?: boolean } = {}) {
    super(message);
    this.name = options.option === undefined ? 'CommandKeyError' : 'CommandKeyConfigError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    if (options.option !== undefined) this.option = options.option;
    Object.defineProperty(this, AUTH_ERROR_MARKER, { value: true, enumerable: false });
  }
}
