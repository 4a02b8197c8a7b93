import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  adminToken,
  authorizeUrl,
  basicAuth,
  call,
  clientBody,
  pkce,
  postForm,
  start,
  signatureFor,
  withSignature,
} from './helpers.js';

// Sources: web/ASC.Web.Api/Api/SecurityController.cs + common/ASC.Core.Common/Identity/IdentityClient.cs
// (the x-signature); common/ASC.Identity/registration/registration-application/src/main/java/com/asc/
// registration/application/controller/ClientCommandController.java, ClientQueryController.java,
// security/filter/BasicSignatureAuthenticationFilter.java, security/provider/SignatureAuthenticationProvider.java,
// controller/exception/handler/RegistrationGlobalExceptionHandler.java, transfer/CreateClientRequest.java;
// registration-core/registration-service/.../ClientQueryHandler.java, ClientUpdateCommandHandler.java.
// docs/docspace-behaviour.md §5.10.

const ADMIN = { email: 'admin@docspace.test', password: 'Admin-pass-1' };
const USER = { email: 'user@docspace.test', password: 'User-pass-1' };

describe('the x-signature (SecurityController.cs GenerateJwtToken)', () => {
  it('is a 5-minute HS256 JWT for the signed-in user, from a PAT, Basic or a full API key', async () => {
    const emulator = await start({ clock: 'manual' });
    const pat = await adminToken(emulator);
    const signature = await signatureFor(emulator, pat);
    expect(decodeProtectedHeader(signature).alg).toBe('HS256');
    const claims = decodeJwt(signature);
    expect(claims).toMatchObject({
      sub: emulator.seed.users[0]!.id,
      user_id: emulator.seed.users[0]!.id,
      user_name: 'Ada Admin',
      user_email: ADMIN.email,
      tenant_id: '1',
      tenant_url: emulator.url,
      is_admin: 'true',
      is_guest: 'false',
      is_public: 'true',
      iss: emulator.url,
      aud: emulator.url,
    });
    expect(claims.exp! - Math.floor(emulator.clock.now() / 1000)).toBe(300);
    await signatureFor(emulator, basicAuth(USER.email, USER.password));
    await signatureFor(emulator, `Bearer ${emulator.seed.apiKeys[0]!.key}`);
  });

  it('needs a global scope: OAuth tokens and narrow API keys get 403 with no body', async () => {
    const emulator = await start();
    const token = await emulator.issueAccessToken({
      email: ADMIN.email,
      clientId: emulator.seed.clients[0]!.clientId,
    });
    for (const credential of [`Bearer ${token}`, `Bearer ${emulator.seed.apiKeys[1]!.key}`]) {
      const res = await call(`${emulator.url}/api/2.0/security/oauth2/token`, {
        headers: { authorization: credential },
      });
      expect([res.status, res.text]).toEqual([403, '']);
    }
  });
});

describe('/api/2.0/clients (ClientCommandController.java, ClientQueryController.java)', () => {
  it('answers 403 with no body without an x-signature, with a bad one and after it expires (60 s skew)', async () => {
    const emulator = await start({ clock: 'manual' });
    const signature = await signatureFor(emulator, await adminToken(emulator));
    expect((await call(`${emulator.url}/api/2.0/clients`)).status).toBe(403);
    const forged = `${signature.slice(0, signature.lastIndexOf('.'))}.AAAA`;
    const bad = await withSignature(`${emulator.url}/api/2.0/clients`, forged);
    expect([bad.status, bad.text]).toEqual([403, '']);
    emulator.clock.advance(300_000 + 59_000);
    expect((await withSignature(`${emulator.url}/api/2.0/clients`, signature)).status).toBe(200);
    emulator.clock.advance(2_000);
    expect((await withSignature(`${emulator.url}/api/2.0/clients`, signature)).status).toBe(403);
    const cookie = await call(`${emulator.url}/api/2.0/scopes`, {
      headers: { cookie: `x-signature=${signature}` },
    });
    expect(cookie.status).toBe(403);
  });

  it('registers an app: 201, snake_case, no envelope, a 36-character secret, is_public always true', async () => {
    const emulator = await start({ clock: 'manual' });
    const signature = await signatureFor(emulator, await adminToken(emulator));
    const res = await withSignature(
      `${emulator.url}/api/2.0/clients`,
      signature,
      'POST',
      clientBody({ is_public: false }),
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    const created = res.json;
    expect(created).toEqual({
      name: 'CI Robot',
      client_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      client_secret: expect.stringMatching(/^[A-Za-z0-9]{36}$/),
      description: 'registered by a script',
      website_url: 'https://ci.example.com',
      terms_url: 'https://ci.example.com/terms',
      policy_url: 'https://ci.example.com/policy',
      logo: 'data:image/png;base64,iVBORw0KGgo=',
      authentication_methods: ['client_secret_post'],
      tenant: 1,
      redirect_uris: ['http://127.0.0.1/callback'],
      allowed_origins: ['https://ci.example.com'],
      logout_redirect_uris: ['https://ci.example.com/bye'],
      scopes: ['openid', 'files:read', 'accounts.self:read'],
      created_on: new Date(emulator.clock.now()).toISOString(),
      created_by: emulator.seed.users[0]!.id,
      modified_on: new Date(emulator.clock.now()).toISOString(),
      modified_by: emulator.seed.users[0]!.id,
      is_public: true,
      enabled: true,
    });
    const got = await withSignature(`${emulator.url}/api/2.0/clients/${created.client_id}`, signature);
    expect(got.json).toEqual(created);
    const list = await withSignature(`${emulator.url}/api/2.0/clients`, signature);
    expect(Object.keys(list.json)).toEqual(['data', 'last_client_id', 'last_created_on', 'limit']);
    expect(list.json).toMatchObject({ last_client_id: null, last_created_on: null, limit: 30 });
    const listed = list.json.data.find(
      (client: { client_id: string }) => client.client_id === created.client_id,
    );
    // Lists map the stored (encrypted) secret; only create and get decrypt it.
    expect(listed.client_secret).not.toBe(created.client_secret);
    const pkceApp = await withSignature(
      `${emulator.url}/api/2.0/clients`,
      signature,
      'POST',
      clientBody({ allow_pkce: true }),
    );
    expect(pkceApp.json.authentication_methods).toEqual(['client_secret_post', 'none']);
  });

  it('validates the body with a "Validation failed" problem, unknown scopes included (CreateClientRequest.java)', async () => {
    const emulator = await start();
    const signature = await signatureFor(emulator, await adminToken(emulator));
    const url = `${emulator.url}/api/2.0/clients`;
    const empty = await withSignature(url, signature, 'POST', {});
    expect(empty.status).toBe(400);
    expect(empty.headers.get('content-type')).toBe('application/problem+json');
    expect(empty.json).toMatchObject({
      type: 'https://api.onlyoffice.com/docspace/api-backend/get-started/basic-concepts',
      title: 'Bad Request',
      status: 400,
      detail: 'Validation failed',
      instance: '/api/2.0/clients',
    });
    expect(empty.json.errors).toContainEqual({
      field: 'name',
      code: 'EmptyFieldError',
      message: 'client name must not be empty',
    });
    expect(empty.json.errors).toContainEqual({
      field: 'redirect_uris',
      code: 'EmptyFieldError',
      message: 'redirect uris must not be null',
    });
    expect(empty.json.errors).toContainEqual({
      field: 'scopes',
      code: 'EmptyFieldError',
      message: 'scopes field can not be empty',
    });
    const custom = await withSignature(
      url,
      signature,
      'POST',
      clientBody({ redirect_uris: ['myapp://cb'], name: 'ab' }),
    );
    expect(custom.json.errors).toEqual([
      {
        field: 'name',
        code: 'ErrorName',
        message: 'client name length is expected to be between 3 and 256 characters',
      },
      { field: 'redirect_uris', code: 'ErrorWrongURL', message: 'url collection has invalid entries' },
    ]);
    const scopes = await withSignature(
      url,
      signature,
      'POST',
      clientBody({ scopes: ['files:read', 'files:delete'] }),
    );
    expect([scopes.status, scopes.json.errors]).toEqual([
      400,
      [{ field: 'scopes', code: 'ErrorInvalidScope', message: 'Invalid scopes: files:delete' }],
    ]);
    const text = await withSignature(url, signature, 'POST', undefined, { 'content-type': 'text/plain' });
    expect([text.status, text.json.detail]).toEqual([415, "Content-Type 'text/plain' is not supported"]);
  });

  it('signs a user in with a registered app through the ordinary authorize and token endpoints', async () => {
    const emulator = await start();
    const signature = await signatureFor(emulator, await adminToken(emulator));
    const app = (await withSignature(`${emulator.url}/api/2.0/clients`, signature, 'POST', clientBody()))
      .json;
    const { verifier, challenge } = pkce();
    const redirectUri = 'http://127.0.0.1:5111/callback';
    const callback = await emulator.authorize(
      authorizeUrl(emulator, {
        client_id: app.client_id,
        redirect_uri: redirectUri,
        scope: 'files:read',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
      USER,
    );
    const tokens = await postForm(`${emulator.url}/oauth2/token`, {
      grant_type: 'authorization_code',
      code: new URL(callback).searchParams.get('code')!,
      redirect_uri: redirectUri,
      client_id: app.client_id,
      client_secret: app.client_secret,
      code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);
    expect(decodeJwt(tokens.json.access_token).cid).toBe(app.client_id);
  });

  it('shows users their own apps and admins every app, newest first with a created_on cursor; guests are denied', async () => {
    const emulator = await start({
      clock: 'manual',
      seed: {
        users: [
          { email: 'owner@x.test', password: 'p', role: 'owner' },
          { email: 'dev@x.test', password: 'p', role: 'user' },
          { email: 'guest@x.test', password: 'p', role: 'guest' },
        ],
      },
    });
    const owner = await signatureFor(emulator, basicAuth('owner@x.test', 'p'));
    const dev = await signatureFor(emulator, basicAuth('dev@x.test', 'p'));
    const guest = await signatureFor(emulator, basicAuth('guest@x.test', 'p'));
    const url = `${emulator.url}/api/2.0/clients`;
    const ids: string[] = [];
    for (const [i, signature] of [owner, dev, dev].entries()) {
      ids.push(
        (await withSignature(url, signature, 'POST', clientBody({ name: `App ${i}` }))).json.client_id,
      );
      emulator.clock.advance(1_000);
    }
    const all = await withSignature(`${url}?limit=2`, owner);
    expect(all.json.data.map((client: { name: string }) => client.name)).toEqual(['App 2', 'App 1']);
    expect(all.json.last_client_id).toBe(ids[1]);
    const next = await withSignature(
      `${url}?limit=2&last_created_on=${encodeURIComponent(all.json.last_created_on)}`,
      owner,
    );
    expect([next.json.data.map((client: { name: string }) => client.name), next.json.last_client_id]).toEqual(
      [['App 0'], null],
    );
    const mine = await withSignature(url, dev);
    expect(mine.json.data.map((client: { name: string }) => client.name)).toEqual(['App 2', 'App 1']);
    const foreign = await withSignature(`${url}/${ids[0]}`, dev);
    expect([foreign.status, foreign.json.detail]).toEqual([
      404,
      `Client with ID ${ids[0]} for tenant 1 and user ${emulator.seed.users[1]!.id} was not found`,
    ]);
    const denied = await withSignature(url, guest);
    expect([denied.status, denied.json.detail, denied.json.title]).toEqual([
      403,
      'Access denied',
      'Forbidden',
    ]);
    const tooMany = await withSignature(`${url}?limit=51`, owner);
    expect([tooMany.status, tooMany.json.errors]).toEqual([
      400,
      [{ field: 'limit', code: 'ErrorName', message: 'limit must be at most 50' }],
    ]);
    const bad = await withSignature(`${url}/not-a-guid`, owner);
    expect([bad.status, bad.json.detail]).toEqual([
      404,
      'Client with id not-a-guid was not found. Invalid client id format',
    ]);
  });

  it('updates, regenerates the secret (the old one fails at once), disables and deletes an app', async () => {
    const emulator = await start();
    const signature = await signatureFor(emulator, await adminToken(emulator));
    const url = `${emulator.url}/api/2.0/clients`;
    const app = (await withSignature(url, signature, 'POST', clientBody())).json;
    const update = await withSignature(`${url}/${app.client_id}`, signature, 'PUT', {
      name: 'CI Robot 2',
      logo: app.logo,
      allowed_origins: ['https://new.example.com'],
      allow_pkce: true,
    });
    expect([update.status, update.text]).toEqual([200, '']);
    const updated = (await withSignature(`${url}/${app.client_id}`, signature)).json;
    expect(updated).toMatchObject({
      name: 'CI Robot 2',
      description: null,
      allowed_origins: ['https://new.example.com'],
      authentication_methods: ['client_secret_post', 'none'],
      redirect_uris: app.redirect_uris,
    });

    const rotated = await withSignature(`${url}/${app.client_id}/regenerate`, signature, 'PATCH');
    expect(rotated.status).toBe(200);
    expect(rotated.json).toEqual({ client_secret: expect.stringMatching(/^[A-Za-z0-9]{36}$/) });
    const revoke = (secret: string) =>
      postForm(`${emulator.url}/oauth2/revoke`, {
        token: 'x',
        client_id: app.client_id,
        client_secret: secret,
      });
    expect((await revoke(app.client_secret)).json.error).toBe('invalid_client');
    expect((await revoke(rotated.json.client_secret)).status).toBe(200);

    const off = await withSignature(`${url}/${app.client_id}/activation`, signature, 'PATCH', {
      status: false,
    });
    expect(off.status).toBe(200);
    expect((await withSignature(`${url}/${app.client_id}`, signature)).json.enabled).toBe(false);
    const authorize = await call(authorizeUrl(emulator, { client_id: app.client_id, scope: 'files:read' }));
    expect(authorize.headers.get('location')).toContain('error=client_disabled_error');
    await withSignature(`${url}/${app.client_id}/activation`, signature, 'PATCH', { status: true });

    const token = await emulator.issueAccessToken({
      email: ADMIN.email,
      clientId: app.client_id,
      scopes: ['files:read'],
    });
    const removed = await withSignature(`${url}/${app.client_id}`, signature, 'DELETE');
    expect([removed.status, removed.text]).toEqual([200, '']);
    expect((await withSignature(`${url}/${app.client_id}`, signature)).status).toBe(404);
    expect(
      (await call(`${emulator.url}/api/2.0/files/@my`, { headers: { authorization: `Bearer ${token}` } }))
        .status,
    ).toBe(401);
  });

  it('serves public info anonymously and the same service under /api/2.0/oauth2/clients (onlyoffice.conf)', async () => {
    const emulator = await start();
    const web = emulator.seed.clients[0]!;
    const info = await call(`${emulator.url}/api/2.0/clients/${web.clientId}/public/info`);
    expect(info.status).toBe(200);
    expect(info.json).toMatchObject({ name: 'Emulator Web App', client_id: web.clientId, is_public: true });
    expect(info.json).not.toHaveProperty('client_secret');
    const signature = await signatureFor(emulator, await adminToken(emulator));
    const alias = await withSignature(`${emulator.url}/api/2.0/oauth2/clients/${web.clientId}`, signature);
    expect([alias.status, alias.json.client_secret]).toEqual([200, web.clientSecret]);
    const wrongMethod = await withSignature(
      `${emulator.url}/api/2.0/clients/${web.clientId}/regenerate`,
      signature,
      'POST',
    );
    expect([wrongMethod.status, wrongMethod.json.detail]).toEqual([
      405,
      "Request method 'POST' is not supported",
    ]);
  });

  it('lists the scopes sorted by name, openid last (ScopeQueryController.java)', async () => {
    const emulator = await start();
    const res = await withSignature(
      `${emulator.url}/api/2.0/scopes`,
      await signatureFor(emulator, await adminToken(emulator)),
    );
    expect(res.json).toEqual([
      { name: 'accounts.self:read', group: 'profiles', type: 'read' },
      { name: 'accounts.self:write', group: 'profiles', type: 'write' },
      { name: 'accounts:read', group: 'accounts', type: 'read' },
      { name: 'accounts:write', group: 'accounts', type: 'write' },
      { name: 'files:read', group: 'files', type: 'read' },
      { name: 'files:write', group: 'files', type: 'write' },
      { name: 'rooms:read', group: 'rooms', type: 'read' },
      { name: 'rooms:write', group: 'rooms', type: 'write' },
      { name: 'openid', group: 'openid', type: 'openid' },
    ]);
  });

  it('rate-limits per signed-in user, loopback included: 10 creates a minute (registration RateLimiterFilter.java)', async () => {
    const emulator = await start({ clock: 'manual' });
    const signature = await signatureFor(emulator, await adminToken(emulator));
    for (let i = 0; i < 10; i++)
      expect(
        (await withSignature(`${emulator.url}/api/2.0/clients`, signature, 'POST', clientBody())).status,
      ).toBe(201);
    const limited = await withSignature(`${emulator.url}/api/2.0/clients`, signature, 'POST', clientBody());
    expect([limited.status, limited.text, limited.headers.get('x-ratelimit-reset')]).toEqual([
      429,
      '',
      '6000000000',
    ]);
    expect((await withSignature(`${emulator.url}/api/2.0/clients`, signature)).status).toBe(200);
    const other = await signatureFor(emulator, basicAuth(USER.email, USER.password));
    expect((await withSignature(`${emulator.url}/api/2.0/clients`, other, 'POST', clientBody())).status).toBe(
      201,
    );
  });
});
