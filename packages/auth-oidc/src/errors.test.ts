import { AuthError } from '@ds/auth-core';
import { describe, expect, it } from 'vitest';
import { IdTokenError } from './errors.js';

describe('IdTokenError', () => {
  it('is recognised by its class, not by its name and code', () => {
    const error = new IdTokenError('ERR_OIDC_NONCE_MISMATCH', 'the ID token "nonce" does not match', {
      claim: 'nonce',
    });
    expect(IdTokenError.isInstance(error)).toBe(true);
    expect(AuthError.isInstance(error)).toBe(true);
    const lookAlike = new AuthError('ERR_OIDC_NONCE_MISMATCH', 'x');
    lookAlike.name = 'IdTokenError';
    expect(IdTokenError.isInstance(lookAlike)).toBe(false);
  });
});
