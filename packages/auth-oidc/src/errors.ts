import { AuthError, type AuthErrorOptions } from '@ds/auth-core';
import { errorMarker } from '@ds/auth-core/strategy';

const MARK = errorMarker('@ds/auth-oidc.IdTokenError');

/** Every code an {@link IdTokenError} can carry, one per check of OpenID Connect Core §3.1.3.7. */
export type IdTokenErrorCode =
  | 'ERR_OIDC_INVALID_ID_TOKEN'
  | 'ERR_OIDC_ALG_NOT_ALLOWED'
  | 'ERR_OIDC_BAD_SIGNATURE'
  | 'ERR_OIDC_UNKNOWN_KID'
  | 'ERR_OIDC_EXPIRED'
  | 'ERR_OIDC_ISSUED_IN_FUTURE'
  | 'ERR_OIDC_NOT_YET_VALID'
  | 'ERR_OIDC_ISSUER_MISMATCH'
  | 'ERR_OIDC_AUDIENCE_MISMATCH'
  | 'ERR_OIDC_AZP_MISMATCH'
  | 'ERR_OIDC_NONCE_MISMATCH'
  | 'ERR_OIDC_AT_HASH_MISMATCH'
  | 'ERR_OIDC_SUBJECT_MISMATCH';

/**
 * An ID token (or a userinfo answer checked against it) was rejected. `code` says which check failed,
 * `claim` names the claim or header field (`exp`, `nonce`, `alg`, ...). The message names the claim
 * and never contains the token. Callers restart the sign-in; retrying the same token cannot succeed.
 *
 * @example
 * ```ts
 * catch (error) { if (IdTokenError.isInstance(error) && error.code === 'ERR_OIDC_NONCE_MISMATCH') restartSignIn(); }
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export class IdTokenError extends AuthError {
  /** The claim or header field that failed (`iss`, `aud`, `azp`, `nonce`, `alg`, `kid`, ...). */
  readonly claim: string | undefined;

  constructor(code: IdTokenErrorCode, message: string, options: AuthErrorOptions & { claim?: string } = {}) {
    super(code, message, { cause: options.cause, retryable: false });
    this.name = 'IdTokenError';
    this.claim = options.claim;
    MARK.mark(this);
  }

  /** True for any `IdTokenError`, even from another copy of this package. */
  static override isInstance(error: unknown): error is IdTokenError {
    return MARK.has(error);
  }
}

/** Shorthand for an {@link IdTokenError} about `claim`. */
export function idTokenError(
  code: IdTokenErrorCode,
  claim: string | undefined,
  message: string,
): IdTokenError {
  return new IdTokenError(code, message, claim === undefined ? {} : { claim });
}
