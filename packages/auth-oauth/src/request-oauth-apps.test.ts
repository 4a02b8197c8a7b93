import { describe, expect, it } from 'vitest';
import { parseOAuthApp } from './parse-oauth-app.js';
import {
  buildCreateOAuthAppBody,
  buildUpdateOAuthAppBody,
  DEFAULT_APP_LOGO,
  oauthAppPath,
  pageCursor,
  pageLimit,
} from './request-oauth-apps.js';

const BASE = {
  name: 'CI Robot',
  redirectUris: ['https://ci.example.com/cb'],
  scopes: ['files:read'],
  websiteUrl: 'https://ci.example.com/home',
};

describe('buildCreateOAuthAppBody', () => {
  it('builds the snake_case body with the defaults the registration service requires', () => {
    expect(buildCreateOAuthAppBody(BASE)).toEqual({
      name: 'CI Robot',
      description: null,
      logo: DEFAULT_APP_LOGO,
      allow_pkce: false,
      is_public: true,
      website_url: 'https://ci.example.com/home',
      terms_url: 'https://ci.example.com/home',
      policy_url: 'https://ci.example.com/home',
      redirect_uris: ['https://ci.example.com/cb'],
      allowed_origins: ['https://ci.example.com'],
      logout_redirect_uri: 'https://ci.example.com/home',
      scopes: ['files:read'],
    });
  });

  it('rejects what the server would reject, naming the option', () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ name: 'ab' }, 'name', '"name" must be 3 to 256 characters (got 2)'],
      [{ redirectUris: [] }, 'redirectUris', '"redirectUris" must be an array of 1 to 12 URLs'],
      [
        { redirectUris: ['myapp://cb'] },
        'redirectUris[0]',
        '"redirectUris[0]" must be an http, https, claude URL without a fragment',
      ],
      [
        { redirectUris: ['https://a.example.com/#x'] },
        'redirectUris[0]',
        '"redirectUris[0]" must be an http, https, claude URL without a fragment',
      ],
      [{ scopes: [] }, 'scopes', '"scopes" must be a non-empty array'],
      [{ websiteUrl: 'ftp://x' }, 'websiteUrl', '"websiteUrl" must be an http or https URL'],
      [
        { logo: 'https://x/logo.png' },
        'logo',
        '"logo" must be a data:image/png, jpeg, jpg or svg+xml base64 URL',
      ],
      [
        { description: 'x'.repeat(256) },
        'description',
        '"description" must be at most 255 characters (got 256)',
      ],
      [{ allowPkce: 'yes' }, 'allowPkce', '"allowPkce" must be a boolean'],
    ];
    for (const [override, option, message] of cases)
      expect(() => buildCreateOAuthAppBody({ ...BASE, ...override } as never)).toThrow(
        expect.objectContaining({ code: 'ERR_AUTH_INVALID_OPTION', option, message }),
      );
  });
});

describe('buildUpdateOAuthAppBody', () => {
  const current = parseOAuthApp({
    name: 'Old',
    client_id: '0a1b2c3d-0000-4000-8000-00000000c0f1',
    description: 'kept',
    logo: DEFAULT_APP_LOGO,
    website_url: 'https://x.example.com',
    terms_url: 'https://x.example.com',
    policy_url: 'https://x.example.com',
    authentication_methods: ['client_secret_post', 'none'],
    tenant: 1,
    redirect_uris: ['https://x.example.com/cb'],
    allowed_origins: ['https://x.example.com'],
    logout_redirect_uris: ['https://x.example.com'],
    scopes: ['files:read'],
    created_on: '2026-01-01T00:00:00Z',
    created_by: 'u',
    modified_on: '2026-01-01T00:00:00Z',
    modified_by: 'u',
    is_public: true,
    enabled: true,
  });

  it('fills what does not change from the current app (the PUT replaces them all)', () => {
    expect(buildUpdateOAuthAppBody(current, { name: 'New' })).toEqual({
      name: 'New',
      description: 'kept',
      logo: DEFAULT_APP_LOGO,
      allow_pkce: true,
      is_public: true,
      allowed_origins: ['https://x.example.com'],
    });
    expect(buildUpdateOAuthAppBody(current, { description: null }).description).toBeNull();
  });

  it('refuses an update that changes nothing', () => {
    expect(() => buildUpdateOAuthAppBody(current, {})).toThrow(
      expect.objectContaining({
        code: 'ERR_AUTH_INVALID_OPTION',
        message: '"changes" must change name, description, logo, allowedOrigins or allowPkce',
      }),
    );
  });
});

describe('paths and paging', () => {
  it('checks client ids, limits and cursors', () => {
    expect(oauthAppPath('0A1B2C3D-0000-4000-8000-00000000C0F1', 'revoke')).toBe(
      '/api/2.0/clients/0a1b2c3d-0000-4000-8000-00000000c0f1/revoke',
    );
    expect(() => oauthAppPath('../keys')).toThrow(
      expect.objectContaining({ option: 'clientId', message: '"clientId" must be a GUID' }),
    );
    expect(pageLimit(undefined)).toBe(30);
    expect(() => pageLimit(51)).toThrow('"limit" must be an integer from 1 to 50');
    expect(pageCursor('2026-01-01T00:00:00.123456Z')).toBe('2026-01-01T00:00:00.123456Z');
    expect(() => pageCursor('')).toThrow('"cursor" must be a non-empty string');
  });
});
