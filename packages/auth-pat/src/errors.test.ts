import { AuthError, AuthHttpError } from '@ds/auth-core';
import { describe, expect, it } from 'vitest';
import { LockedOutError, TwoFactorRequiredError } from './errors.js';

describe('the auth-pat errors', () => {
  const twoFactor = new TwoFactorRequiredError('a code is needed', { kind: 'app' } as never);
  const lockedOut = new LockedOutError('too many attempts', { retryAfterMs: 60_000 });
  const other = new AuthError('ERR_PAT_LOCKED_OUT', 'same code, another class');

  it('are recognised exactly: by class, never by a code or a field another error can carry', () => {
    expect([
      TwoFactorRequiredError.isInstance(twoFactor),
      TwoFactorRequiredError.isInstance(lockedOut),
    ]).toEqual([true, false]);
    expect([LockedOutError.isInstance(lockedOut), LockedOutError.isInstance(twoFactor)]).toEqual([
      true,
      false,
    ]);
    expect(LockedOutError.isInstance(other)).toBe(false);
    expect(LockedOutError.isInstance(new AuthHttpError('ERR_PAT_LOCKED_OUT', 'x', { status: 403 }))).toBe(
      false,
    );
    expect(AuthError.isInstance(lockedOut) && AuthError.isInstance(twoFactor)).toBe(true);
  });
});
