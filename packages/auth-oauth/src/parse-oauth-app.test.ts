import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  parseOAuthAppPage,
  parseOAuthAppWithSecret,
  parseOAuthConsentPage,
  parseRegeneratedSecret,
} from './parse-oauth-app.js';

// Shaped like the registration service's answers (ClientResponse.java, PageableResponse.java, ConsentResponse.java).
const CLIENT = {
  name: 'CI Robot',
  client_id: '6c7cf17b-1bd3-47d5-94c6-be2d3570e168',
  client_secret: 'Xy7kP2qRm9TzW4nB6vC8dF1gH3jK5lM0aS2e',
  description: null,
  website_url: 'https://ci.example.com',
  terms_url: 'https://ci.example.com',
  policy_url: 'https://ci.example.com',
  logo: 'data:image/png;base64,iVBOR',
  authentication_methods: ['client_secret_post'],
  tenant: 1,
  redirect_uris: ['https://ci.example.com/cb'],
  allowed_origins: ['https://ci.example.com'],
  logout_redirect_uris: ['https://ci.example.com'],
  scopes: ['files:read', 'files:write'],
  created_on: '2024-04-04T12:00:00.123456Z',
  created_by: '6c7cf17b-1bd3-47d5-94c6-be2d3570e168',
  modified_on: '2024-04-04T12:00:00Z',
  modified_by: '6c7cf17b-1bd3-47d5-94c6-be2d3570e168',
  is_public: true,
  enabled: true,
};

describe('parse-oauth-app', () => {
  it('parses a client with its secret redacted', () => {
    const app = parseOAuthAppWithSecret(CLIENT);
    expect(app).toMatchObject({
      clientId: CLIENT.client_id,
      description: undefined,
      allowPkce: false,
      tenant: 1,
    });
    expect(app.createdOn.toISOString()).toBe('2024-04-04T12:00:00.123Z');
    expect(app.clientSecret.reveal()).toBe(CLIENT.client_secret);
    expect(inspect(app)).not.toContain(CLIENT.client_secret);
    expect(JSON.stringify(app)).not.toContain(CLIENT.client_secret);
  });

  it('leaves the stored ciphertext of list items out and keeps the cursor verbatim', () => {
    const page = parseOAuthAppPage({
      data: [CLIENT],
      last_client_id: CLIENT.client_id,
      last_created_on: CLIENT.created_on,
      limit: 1,
    });
    expect(page.next).toBe('2024-04-04T12:00:00.123456Z');
    expect(page.apps[0]).not.toHaveProperty('clientSecret');
  });

  it('splits the space-joined consent scopes and tolerates a deleted app', () => {
    const page = parseOAuthConsentPage({
      data: [
        {
          registered_client_id: CLIENT.client_id,
          scopes: 'files:read openid',
          modified_at: '2024-04-04T12:00:00Z',
          client: null,
        },
      ],
      last_modified_on: null,
      limit: 30,
    });
    expect(page).toEqual({
      consents: [
        {
          clientId: CLIENT.client_id,
          scopes: ['files:read', 'openid'],
          modifiedAt: new Date('2024-04-04T12:00:00Z'),
          app: undefined,
        },
      ],
      next: undefined,
    });
  });

  it('throws ERR_OAUTH_BAD_RESPONSE naming the field', () => {
    expect(() => parseOAuthAppWithSecret({ ...CLIENT, enabled: 'yes' })).toThrow(
      expect.objectContaining({
        code: 'ERR_OAUTH_BAD_RESPONSE',
        message: 'the registration service sent a bad response: "client.enabled" must be a boolean',
      }),
    );
    expect(() => parseRegeneratedSecret({})).toThrow('"client_secret" must be a string');
  });
});
