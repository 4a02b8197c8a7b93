import { AuthResponseError } from '@ds/auth-core';
import { parseDocSpaceDate } from '@ds/auth-core/strategy';
import { isCookieValue } from './cookie-value.js';
import type { TwoFactorChallenge } from './types.js';

/** A login answer: a token, or a two-factor challenge. */
export type LoginResult =
  | { readonly kind: 'token'; readonly token: string; readonly expiresAt: number | undefined }
  | { readonly kind: 'challenge'; readonly challenge: TwoFactorChallenge };

/**
 * Reads the `response` of `POST /api/2.0/authentication` (or `/authentication/{code}`): the
 * `AuthenticationTokenDto` of docs/docspace-behaviour.md §3.1. Pure; throws `AuthResponseError`
 * (`ERR_AUTH_BAD_RESPONSE`) when the answer is neither a token nor a challenge, when `expires` is not a
 * date, or when the token has characters a cookie value cannot carry (it is sent as the `asc_auth_key` cookie).
 *
 * @example
 * ```ts
 * parseLoginResponse({ token: 'abc', expires: '0001-01-01T00:00:00', sms: false, tfa: false });
 * // { kind: 'token', token: 'abc', expiresAt: undefined }
 * ```
 */
export function parseLoginResponse(response: unknown): LoginResult {
  if (typeof response !== 'object' || response === null) {
    throw new AuthResponseError('the login response has no "response" object');
  }
  const dto = response as Record<string, unknown>;
  if (typeof dto.token === 'string' && dto.token !== '') {
    // The token is sent on as the `asc_auth_key` cookie: `abc; admin=1` would smuggle in more cookies.
    if (!isCookieValue(dto.token)) {
      throw new AuthResponseError(
        'the login response "token" has characters a cookie cannot carry (space, quote, comma, semicolon, backslash or a control character)',
      );
    }
    return { kind: 'token', token: dto.token, expiresAt: parseDocSpaceDate(dto.expires, 'expires') };
  }
  const confirmUrl = typeof dto.confirmUrl === 'string' ? dto.confirmUrl : undefined;
  const base = { ...(confirmUrl === undefined ? {} : { confirmUrl }) };
  if (dto.sms === true) {
    const phoneNoise = typeof dto.phoneNoise === 'string' ? dto.phoneNoise : undefined;
    if (phoneNoise === undefined || /PhoneActivation/i.test(confirmUrl ?? '')) {
      return { kind: 'challenge', challenge: { kind: 'phone-activation', ...base } };
    }
    const expiresAt = parseDocSpaceDate(dto.expires, 'expires');
    return {
      kind: 'challenge',
      challenge: { kind: 'sms', phoneNoise, ...base, ...(expiresAt === undefined ? {} : { expiresAt }) },
    };
  }
  if (dto.tfa === true) {
    if (typeof dto.tfaKey === 'string' && dto.tfaKey !== '') {
      return { kind: 'challenge', challenge: { kind: 'app-setup', tfaKey: dto.tfaKey, ...base } };
    }
    return { kind: 'challenge', challenge: { kind: 'app', ...base } };
  }
  throw new AuthResponseError('the login response has neither a "token" nor a two-factor challenge');
}
