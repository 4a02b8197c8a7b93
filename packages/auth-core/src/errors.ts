const MARKER: symbol = Symbol.for('@ds/auth-core.AuthError');

/** Options every {@link AuthError} accepts. */
export interface AuthErrorOptions {
  /** The underlying error. It must not carry a secret: wrap foreign errors with {@link redactError}. */
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
    Object.defineProperty(this, MARKER, { value: true }); // not enumerable, writable or configurable
    // V8 only: keep the constructors out of the stack trace.
    (Error as { captureStackTrace?: (target: object, ctor: Function) => void }).captureStackTrace?.(
      this,
      new.target,
    );
  }

  /** True for any `AuthError` (or subclass), even one created by another copy of this package. */
  static isInstance(error: unknown): error is AuthError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
  }
}

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
  }

  /** True for any `AuthConfigError`, even from another copy of this package. */
  static override isInstance(error: unknown): error is AuthConfigError {
    return AuthError.isInstance(error) && typeof (error as { option?: unknown }).option === 'string';
  }
}

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
 * @see docspace-api.md §6.2, §6.3
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
  }

  /** True for any `AuthHttpError`, even from another copy of this package. */
  static override isInstance(error: unknown): error is AuthHttpError {
    return AuthError.isInstance(error) && typeof (error as { status?: unknown }).status === 'number';
  }
}

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
  }
}

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
  }
}

/**
 * A strategy has nothing to offer without user interaction (no stored token, no key configured),
 * `ERR_AUTH_UNAVAILABLE`. {@link chainStrategies} moves on to the next strategy on this error only.
 */
export class AuthUnavailableError extends AuthError {
  constructor(message: string, options: AuthErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'ERR_AUTH_UNAVAILABLE', message, options);
    this.name = 'AuthUnavailableError';
  }
}

/** Whether an HTTP status is worth retrying later (408, 425, 429, 500, 502, 503, 504). */
export function isRetryableStatus(status: number): boolean {
  return (
    status === 408 || status === 425 || status === 429 || status === 500 || (status >= 502 && status <= 504)
  );
}

/** The user name and password of any URL in a text (fetch quotes a URL with credentials in full). */
const URL_USERINFO = /(\/\/)[^\s/?#@]*@/g;

/**
 * Turns anything thrown by a transport into an error that is safe to log: its name, code and message
 * are kept, any of the given secrets is replaced by `[redacted]`, so is the user name and password
 * of any URL in the message, and the stack is dropped.
 */
export function redactError(error: unknown, secrets: readonly string[] = []): Error {
  const source = error instanceof Error ? error : new Error(safeString(error));
  let message = typeof source.message === 'string' ? source.message : safeString(source.message);
  for (const secret of secrets) {
    if (secret.length >= 4) message = message.split(secret).join('[redacted]');
  }
  message = message.replace(URL_USERINFO, '$1[redacted]@');
  const copy = new Error(message);
  copy.name = typeof source.name === 'string' ? source.name : 'Error';
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string') (copy as { code?: string }).code = code;
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

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

/** `String(value)`, or a placeholder for what cannot be turned into a string (a symbol, a null-prototype object). */
function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '[unprintable]';
  }
}
