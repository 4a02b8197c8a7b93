import { describe, expect, it } from 'vitest';
import { authorizeUrl, codeFlow, pkce, postForm, start } from './helpers.js';

const ADMIN = { email: 'admin@docspace.test', password: 'Admin-pass-1' };
const REDIRECT = 'http://127.0.0.1:4567/callback';
const ERROR_URI = 'https://datatracker.ietf.org/doc/html/rfc6749#section-5.2';

async function getCode(
  emulator: Awaited<ReturnType<typeof start>>,
  clientIndex = 0,
  challenge?: string,
): Promise<string> {
  const client = emulator.seed.clients[clientIndex]!;
  const location = await emulator.authorize(
    authorizeUrl(emulator, {
      client_id: client.clientId,
      redirect_uri: REDIRECT,
      scope: 'files:read openid',
      ...(challenge ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}),
    }),
    ADMIN,
  );
  return new URL(location).searchParams.get('code')!;
}

describe('OAuth token endpoint (docs/docspace-behaviour.md §5.5)', () => {
  it('exchanges a code with client_secret_post for access, refresh and ID tokens', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const code = await getCode(emulator);
    const res = await postForm(`${emulator.url}/oauth2/token`, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json)).toEqual([
      'access_token',
      'refresh_token',
      'scope',
      'id_token',
      'token_type',
      'expires_in',
    ]);
    expect(res.json).toMatchObject({ scope: 'files:read openid', token_type: 'Bearer', expires_in: 3599 });
    expect(res.json.refresh_token).toMatch(/^[A-Za-z0-9_-]{128}$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(emulator.stats.tokenRequests).toBe(1);
  });

  it('rejects client_secret_basic with 401 invalid_client in Spring format', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const code = await getCode(emulator);
    const res = await postForm(
      `${emulator.url}/oauth2/token`,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      {
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      },
    );
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      error: 'invalid_client',
      error_description: 'Client authentication failed',
      error_uri: ERROR_URI,
    });
  });

  it('gives a public PKCE client (auth method none) no refresh token', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[1]!;
    expect(client.public).toBe(true);
    const { verifier, challenge } = pkce();
    const code = await getCode(emulator, 1, challenge);
    const res = await postForm(`${emulator.url}/oauth2/token`, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: client.clientId,
      code_verifier: verifier,
    });
    expect(res.status).toBe(200);
    expect(res.json.refresh_token).toBeUndefined();
    expect(typeof res.json.access_token).toBe('string');
  });

  it('rejects a wrong code_verifier and a confidential client without a secret', async () => {
    const emulator = await start();
    const { challenge } = pkce();
    const code = await getCode(emulator, 0, challenge);
    const client = emulator.seed.clients[0]!;
    const base = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: client.clientId,
    };
    const noSecret = await postForm(`${emulator.url}/oauth2/token`, {
      ...base,
      code_verifier: 'x'.repeat(43),
    });
    expect(noSecret.status).toBe(401);
    const wrong = await postForm(`${emulator.url}/oauth2/token`, {
      ...base,
      client_secret: client.clientSecret,
      code_verifier: 'y'.repeat(43),
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toBe('invalid_grant');
  });

  it('expires codes after 1 minute and refuses to reuse one', async () => {
    const emulator = await start({ clock: 'manual' });
    const client = emulator.seed.clients[0]!;
    const exchange = (code: string) =>
      postForm(`${emulator.url}/oauth2/token`, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: client.clientId,
        client_secret: client.clientSecret,
      });
    const late = await getCode(emulator);
    emulator.clock.advance(60_000);
    expect((await exchange(late)).json.error).toBe('invalid_grant');
    const code = await getCode(emulator);
    const first = await exchange(code);
    expect(first.status).toBe(200);
    const replay = await exchange(code);
    expect([replay.status, replay.json.error]).toEqual([400, 'invalid_grant']);
    const introspection = await postForm(`${emulator.url}/oauth2/introspect`, {
      token: first.json.access_token,
    });
    expect(introspection.json.active).toBe(false);
  });

  it('rotates the refresh token on every refresh', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const tokens = await codeFlow(emulator);
    const refresh = (token: string) =>
      postForm(`${emulator.url}/oauth2/token`, {
        grant_type: 'refresh_token',
        refresh_token: token,
        client_id: client.clientId,
        client_secret: client.clientSecret,
      });
    const second = await refresh(tokens.refresh_token);
    expect(second.status).toBe(200);
    expect(second.json.refresh_token).not.toBe(tokens.refresh_token);
    const third = await refresh(second.json.refresh_token);
    expect(third.status).toBe(200);
  });

  // Corrected fact (docs/docspace-behaviour.md §5.5): this test used to expect the whole family to be
  // revoked on reuse. The identity service stores one refresh token per authorization
  // (common/ASC.Identity/authorization/authorization-application/.../mapper/ClientMapper.java
  // reuseRefreshTokens(false); .../security/oauth/service/AuthorizationService.java findByToken looks the hash up),
  // so a rotated-away token is simply not found: invalid_grant, and nothing else is revoked.
  it('answers a rotated-away refresh token with invalid_grant only; the newest pair stays valid (AuthorizationService.java)', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const tokens = await codeFlow(emulator);
    const refresh = (token: string) =>
      postForm(`${emulator.url}/oauth2/token`, {
        grant_type: 'refresh_token',
        refresh_token: token,
        client_id: client.clientId,
        client_secret: client.clientSecret,
      });
    const rotated = await refresh(tokens.refresh_token);
    const reuse = await refresh(tokens.refresh_token);
    expect(reuse.status).toBe(400);
    expect(reuse.json).toEqual({
      error: 'invalid_grant',
      error_description: 'OAuth 2.0 Parameter: refresh_token',
      error_uri: ERROR_URI,
    });
    expect(emulator.stats.refreshReuseDetected).toBe(1);
    const introspection = await postForm(`${emulator.url}/oauth2/introspect`, {
      token: rotated.json.access_token,
    });
    expect(introspection.json.active).toBe(true);
    const next = await refresh(rotated.json.refresh_token);
    expect(next.status).toBe(200);
    expect(next.json.refresh_token).not.toBe(rotated.json.refresh_token);
  });

  // Corrected fact: an unknown grant_type used to be unsupported_grant_type. Every grant Spring's own
  // converters do not take reaches DocSpace's converter, which throws invalid_request for the grant_type
  // (common/ASC.Identity/authorization/authorization-application/.../security/oauth/converter/PersonalAccessTokenAuthenticationConverter.java).
  it('answers an unknown or missing grant_type with invalid_request "OAuth 2.0 Parameter: grant_type" (PersonalAccessTokenAuthenticationConverter.java)', async () => {
    const emulator = await start();
    const client = emulator.seed.clients[0]!;
    const auth = { client_id: client.clientId, client_secret: client.clientSecret };
    for (const form of [
      { ...auth, grant_type: 'password' },
      { ...auth, grant_type: 'urn:x:unknown' },
      auth,
    ]) {
      const res = await postForm(`${emulator.url}/oauth2/token`, form);
      expect([res.status, res.json]).toEqual([
        400,
        {
          error: 'invalid_request',
          error_description: 'OAuth 2.0 Parameter: grant_type',
          error_uri: ERROR_URI,
        },
      ]);
    }
    const cc = await postForm(`${emulator.url}/oauth2/token`, { ...auth, grant_type: 'client_credentials' });
    expect(cc.json.error).toBe('unauthorized_client');
    expect(Object.keys(cc.json)).toEqual(['error', 'error_description', 'error_uri']);
  });
});
