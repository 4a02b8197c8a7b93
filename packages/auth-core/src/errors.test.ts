import { describe, expect, it } from 'vitest';
import { AuthConfigError, AuthError, AuthHttpError, hasErrorCode, redactError } from './errors.js';

describe('AuthError', () => {
  it('is recognised across copies by its marker, not by instanceof', () => {
    const foreign = Object.assign(new Error('from another copy'), { code: 'ERR_AUTH_TIMEOUT' });
    Object.defineProperty(foreign, Symbol.for('@ds/auth-core.AuthError'), { value: true });
    expect(AuthError.isInstance(foreign)).toBe(true);
    expect(AuthError.isInstance(new Error('plain'))).toBe(false);
    expect(AuthConfigError.isInstance(new AuthConfigError('baseUrl', '"baseUrl" is bad'))).toBe(true);
    expect(AuthHttpError.isInstance(new AuthConfigError('baseUrl', '"baseUrl" is bad'))).toBe(false);
  });

  it('narrows by code with hasErrorCode', () => {
    const limited = new AuthHttpError('ERR_AUTH_RATE_LIMITED', 'slow down', { status: 429, retryAfterMs: 5 });
    expect(hasErrorCode(limited, 'ERR_AUTH_RATE_LIMITED')).toBe(true);
    expect(hasErrorCode(limited, ['ERR_AUTH_UNAUTHORIZED', 'ERR_AUTH_RATE_LIMITED'])).toBe(true);
    expect(hasErrorCode(limited, 'ERR_OAUTH_REAUTH_REQUIRED')).toBe(false);
    expect(hasErrorCode(new Error('x'), 'ERR_AUTH_RATE_LIMITED')).toBe(false);
    if (hasErrorCode(limited, 'ERR_AUTH_RATE_LIMITED')) expect(limited.retryAfterMs).toBe(5);
  });

  it('redacts secrets from a foreign error and drops its stack', () => {
    const copy = redactError(new TypeError('failed with token abcd1234 in the URL'), ['abcd1234']);
    expect(copy).toMatchObject({ name: 'TypeError', message: 'failed with token [redacted] in the URL' });
    expect(copy.stack).toBe('TypeError: failed with token [redacted] in the URL');
  });
});
