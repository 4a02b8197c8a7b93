import { AuthError, AuthHttpError } from '@ds/auth-core';
import { LockedOutError } from './errors.js';

/** How long DocSpace blocks logins after too many failures, by default (docs/docspace-behaviour.md §3.1). */
export const LOCKOUT_MS = 60_000;

/**
 * Maps a failed login to the PAT error a caller acts on. 401 is `ERR_PAT_INVALID_CREDENTIALS`
 * (terminal: retrying walks into the lockout), 403 "Too many login attempts" is `LockedOutError`,
 * 403 "User disabled" is `ERR_PAT_USER_DISABLED`; a failed two-factor code is
 * `ERR_PAT_INVALID_TWO_FACTOR_CODE`. Anything else is returned unchanged.
 */
export function mapLoginError(error: unknown, step: 'login' | 'code'): unknown {
  if (!AuthHttpError.isInstance(error)) return error;
  const message = error.serverMessage ?? '';
  if (error.status === 401) {
    return step === 'code'
      ? new AuthError(
          'ERR_PAT_INVALID_TWO_FACTOR_CODE',
          'the portal rejected the two-factor code (wrong, expired or used too often)',
          {
            cause: error,
          },
        )
      : new AuthError('ERR_PAT_INVALID_CREDENTIALS', 'the portal rejected the user name or password', {
          cause: error,
        });
  }
  if (error.status === 403 && /too many/i.test(message)) {
    const retryAfterMs = error.retryAfterMs ?? LOCKOUT_MS;
    return new LockedOutError(
      `too many failed logins: the portal blocks this account for about ${Math.ceil(retryAfterMs / 1000)} s`,
      { cause: error, retryAfterMs },
    );
  }
  if (error.status === 403 && /disabled/i.test(message)) {
    return new AuthError('ERR_PAT_USER_DISABLED', 'the portal says this user is disabled', { cause: error });
  }
  if (error.status === 403) {
    return new AuthError(
      'ERR_PAT_FORBIDDEN',
      `the portal refused the login${message ? `: "${message}"` : ''}`,
      { cause: error },
    );
  }
  return error;
}
