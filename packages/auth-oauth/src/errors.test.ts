import { AuthError, AuthHttpError } from '@ds/auth-core';
import { describe, expect, it } from 'vitest';
import { OAuthError } from './errors.js';

describe('OAuthError', () => {
  it('is an AuthError but not an AuthHttpError, although it has a status', () => {
    const error = new OAuthError('the token endpoint answered "invalid_grant"', {
      error: 'invalid_grant',
      status: 400,
    });
    expect(OAuthError.isInstance(error)).toBe(true);
    expect(AuthError.isInstance(error)).toBe(true);
    expect(AuthHttpError.isInstance(error)).toBe(false);
  });

  it('is not recognised by an `error` field alone', () => {
    const lookAlike = Object.assign(new AuthError('ERR_OAUTH_INVALID_GRANT', 'x'), {
      error: 'invalid_grant',
    });
    expect(OAuthError.isInstance(lookAlike)).toBe(false);
  });
});
