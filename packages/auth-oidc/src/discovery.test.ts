import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthError } from '@ds/auth-core';
import { discoveryPlan, parseDiscovery } from './discovery.js';

const DOC = {
  issuer: 'https://portal.example.com',
  authorization_endpoint: 'https://portal.example.com/oauth2/authorize',
  token_endpoint: 'https://portal.example.com/oauth2/token',
  jwks_uri: 'https://portal.example.com/oauth2/jwks',
  end_session_endpoint: 'https://portal.example.com/connect/logout',
};

describe('discoveryPlan', () => {
  it('tries both DocSpace paths and accepts both request-derived issuers', () => {
    expect(discoveryPlan('docspace', 'https://portal.example.com')).toEqual({
      urls: [
        'https://portal.example.com/.well-known/openid-configuration',
        'https://portal.example.com/oauth2/.well-known/openid-configuration',
      ],
      acceptedIssuers: ['https://portal.example.com', 'https://portal.example.com/oauth2'],
    });
  });

  it('uses the one standard path and the exact issuer in strict mode', () => {
    expect(discoveryPlan('strict', 'https://op.example.com/tenant/')).toEqual({
      urls: ['https://op.example.com/tenant/.well-known/openid-configuration'],
      acceptedIssuers: ['https://op.example.com/tenant/'],
    });
  });
});

describe('parseDiscovery', () => {
  const accepted = [DOC.issuer];
  it('returns the document with its endpoints checked', () => {
    expect(parseDiscovery(DOC, accepted, false)).toMatchObject(DOC);
  });

  it('names the issuer mismatch, a missing endpoint and an http endpoint', () => {
    expect(() => parseDiscovery({ ...DOC, issuer: 'https://evil.example.com' }, accepted, false)).toThrow(
      expect.objectContaining({
        code: 'ERR_OIDC_DISCOVERY_ISSUER_MISMATCH',
        message: 'the discovery "issuer" is not "https://portal.example.com" (OpenID Connect Discovery §4.3)',
      }),
    );
    expect(() => parseDiscovery({ ...DOC, jwks_uri: undefined }, accepted, false)).toThrow(
      expect.objectContaining({
        code: 'ERR_OIDC_DISCOVERY_FAILED',
        message: '"jwks_uri" is missing or not a URL',
      }),
    );
    expect(() =>
      parseDiscovery({ ...DOC, token_endpoint: 'http://portal.example.com/t' }, accepted, false),
    ).toThrow(
      expect.objectContaining({
        code: 'ERR_OIDC_DISCOVERY_FAILED',
        message: '"token_endpoint" must be an https URL',
      }),
    );
    expect(
      parseDiscovery({ ...DOC, token_endpoint: 'http://portal.example.com/t' }, accepted, true)
        .token_endpoint,
    ).toBe('http://portal.example.com/t');
  });

  it('throws only AuthErrors, whatever JSON arrives', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseDiscovery(value, accepted, false);
        } catch (error) {
          expect(AuthError.isInstance(error)).toBe(true);
        }
      }),
    );
  });
});
