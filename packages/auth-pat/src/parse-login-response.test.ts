import { describe, expect, it } from 'vitest';
import { parseLoginResponse } from './parse-login-response.js';

describe('parseLoginResponse', () => {
  it('reads a token with its expiry, and a session login without one', () => {
    expect(
      parseLoginResponse({
        token: '6jo5+kx/QQ==',
        expires: '2027-11-29T08:50:00.1234567Z',
        sms: false,
        tfa: false,
      }),
    ).toEqual({
      kind: 'token',
      token: '6jo5+kx/QQ==',
      expiresAt: Date.parse('2027-11-29T08:50:00.123Z'),
    });
    expect(
      parseLoginResponse({ token: 't', expires: '0001-01-01T00:00:00', sms: false, tfa: false }),
    ).toMatchObject({ expiresAt: undefined });
  });

  it('tells the four two-factor challenges apart (docs/docspace-behaviour.md §3.1)', () => {
    expect(parseLoginResponse({ sms: true, confirmUrl: 'https://p/confirm/PhoneActivation?x' })).toEqual({
      kind: 'challenge',
      challenge: { kind: 'phone-activation', confirmUrl: 'https://p/confirm/PhoneActivation?x' },
    });
    expect(
      parseLoginResponse({
        sms: true,
        phoneNoise: '+1***1234',
        expires: '2026-11-29T10:10:00Z',
        confirmUrl: 'u',
      }),
    ).toEqual({
      kind: 'challenge',
      challenge: {
        kind: 'sms',
        phoneNoise: '+1***1234',
        confirmUrl: 'u',
        expiresAt: Date.parse('2026-11-29T10:10:00Z'),
      },
    });
    expect(parseLoginResponse({ tfa: true, tfaKey: 'JBSWY3DP', confirmUrl: 'u' })).toMatchObject({
      challenge: { kind: 'app-setup', tfaKey: 'JBSWY3DP' },
    });
    expect(parseLoginResponse({ tfa: true, confirmUrl: 'u' })).toMatchObject({ challenge: { kind: 'app' } });
  });

  it('rejects an answer that is neither', () => {
    expect(() => parseLoginResponse({ sms: false, tfa: false })).toThrow(
      expect.objectContaining({
        code: 'ERR_AUTH_BAD_RESPONSE',
        message: 'the login response has neither a "token" nor a two-factor challenge',
      }),
    );
    expect(() => parseLoginResponse(null)).toThrow('the login response has no "response" object');
  });

  it('refuses an "expires" that is not a date instead of keeping the token forever', () => {
    expect(() => parseLoginResponse({ token: 'abc', expires: 'tomorrow', sms: false, tfa: false })).toThrow(
      expect.objectContaining({
        code: 'ERR_AUTH_BAD_RESPONSE',
        message: '"expires" is not an ISO-8601 date',
      }),
    );
  });
});
