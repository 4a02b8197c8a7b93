import { AuthError, type AuthErrorOptions } from '@ds/auth-core';
import { errorMarker } from '@ds/auth-core/strategy';
import type { TwoFactorChallenge } from './types.js';

const TWO_FACTOR_MARK = errorMarker('@ds/auth-pat.TwoFactorRequiredError');
const LOCKED_OUT_MARK = errorMarker('@ds/auth-pat.LockedOutError');

/**
 * The portal wants a second factor and no `onTwoFactor` was given (or the kind can only be finished
 * in a browser). `challenge` says what to ask for. Code `ERR_PAT_TWO_FACTOR_REQUIRED`.
 *
 * @example
 * ```ts
 * catch (error) { if (TwoFactorRequiredError.isInstance(error)) console.log(error.challenge.kind); }
 * ```
 */
export class TwoFactorRequiredError extends AuthError {
  /** What the portal asks for. */
  readonly challenge: TwoFactorChallenge;

  constructor(message: string, challenge: TwoFactorChallenge, options: AuthErrorOptions = {}) {
    super('ERR_PAT_TWO_FACTOR_REQUIRED', message, options);
    this.name = 'TwoFactorRequiredError';
    this.challenge = challenge;
    TWO_FACTOR_MARK.mark(this);
  }

  /** True for any `TwoFactorRequiredError`, even from another copy of this package. */
  static override isInstance(error: unknown): error is TwoFactorRequiredError {
    return TWO_FACTOR_MARK.has(error);
  }
}

/**
 * Too many failed logins: the portal blocks this user from this address (HTTP 403, 60 s by default).
 * Code `ERR_PAT_LOCKED_OUT`; `retryAfterMs` says when to try again.
 */
export class LockedOutError extends AuthError {
  /** How long to wait before the next attempt, in ms. */
  readonly retryAfterMs: number;

  constructor(message: string, options: AuthErrorOptions & { retryAfterMs: number }) {
    super('ERR_PAT_LOCKED_OUT', message, options);
    this.name = 'LockedOutError';
    this.retryAfterMs = options.retryAfterMs;
    LOCKED_OUT_MARK.mark(this);
  }

  /** True for a `LockedOutError`, even from another copy of this package. */
  static override isInstance(error: unknown): error is LockedOutError {
    return LOCKED_OUT_MARK.has(error);
  }
}
