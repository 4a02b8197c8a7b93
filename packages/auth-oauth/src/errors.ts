import { AuthError, type AuthErrorOptions } from '@ds/auth-core';
import { errorMarker } from '@ds/auth-core/strategy';

const MARK = errorMarker('@ds/auth-oauth.OAuthError');

const KNOWN = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'unsupported_response_type',
  'server_error',
  'temporarily_unavailable',
  'interaction_required',
  'login_required',
  'consent_required',
]);

/** Fields of an {@link OAuthError}. */
export interface OAuthErrorOptions extends AuthErrorOptions {
  /** The `error` value the server sent, e.g. `invalid_grant`. */
  error: string;
  /** `error_description`, when the server sent one (DocSpace's authorization errors never do). */
  errorDescription?: string | undefined;
  /** `error_uri`, when sent. */
  errorUri?: string | undefined;
  /** The HTTP status of a token-endpoint error. */
  status?: number | undefined;
}

/**
 * An OAuth error response (RFC 6749 §4.1.2.1, §5.2), from the authorization redirect or the token,
 * revocation or introspection endpoint. `code` is `ERR_OAUTH_<ERROR>` for the standard errors
 * (`ERR_OAUTH_INVALID_GRANT`, `ERR_OAUTH_ACCESS_DENIED`, ...) and `ERR_OAUTH_ERROR` otherwise.
 *
 * @example
 * ```ts
 * catch (error) { if (OAuthError.isInstance(error) && error.error === 'access_denied') showDenied(); }
 * ```
 */
export class OAuthError extends AuthError {
  /** The server's `error` value. */
  readonly error: string;
  /** The server's `error_description`, if any. */
  readonly errorDescription: string | undefined;
  /** The server's `error_uri`, if any. */
  readonly errorUri: string | undefined;
  /** The HTTP status, for endpoint errors. */
  readonly status: number | undefined;

  constructor(message: string, options: OAuthErrorOptions) {
    const code = KNOWN.has(options.error) ? `ERR_OAUTH_${options.error.toUpperCase()}` : 'ERR_OAUTH_ERROR';
    const retryable =
      options.retryable ?? (options.error === 'server_error' || options.error === 'temporarily_unavailable');
    super(code, message, { ...options, retryable });
    this.name = 'OAuthError';
    this.error = options.error;
    this.errorDescription = options.errorDescription;
    this.errorUri = options.errorUri;
    this.status = options.status;
    MARK.mark(this);
  }

  /** True for any `OAuthError`, even from another copy of this package. */
  static override isInstance(error: unknown): error is OAuthError {
    return MARK.has(error);
  }
}

/** Builds the message of an OAuth error: the error code, and the description when there is one. */
export function describeOAuthError(where: string, error: string, description: string | undefined): string {
  const clean = description?.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 300);
  return `${where} answered "${error}"${clean ? `: ${clean}` : ''}`;
}

/** The user must authorize again: no refresh token, or the server rejected it (`ERR_OAUTH_REAUTH_REQUIRED`). */
export function reauthRequired(message: string, cause?: unknown): AuthError {
  return new AuthError('ERR_OAUTH_REAUTH_REQUIRED', message, cause === undefined ? {} : { cause });
}
