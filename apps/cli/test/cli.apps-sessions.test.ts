// `ds-auth apps` (register, list, rotate the secret, delete OAuth apps; the secret shown once, never
// kept) and `ds-auth sessions` (list, end one, sign out everywhere else) against the emulator.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocSpaceClient } from '@ds/auth-core';
import { createActiveConnections, createPersonalTokenAuth } from '@ds/auth-pat';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginInBrowser } from './fixtures/portal.js';
import { filesContaining } from './fixtures/scan.js';
import { runCli } from './run-cli.js';

let portal: Emulator;
let home: string;
let env: Record<string, string>;
beforeEach(async () => {
  portal = await startEmulator();
  home = await mkdtemp(join(tmpdir(), 'ds-auth-apps-'));
  env = { DOCSPACE_URL: portal.url, DS_AUTH_HOME: home };
});
afterEach(async () => {
  await portal.close();
  await rm(home, { recursive: true, force: true });
});

const ADMIN = { email: 'admin@docspace.test', password: 'Admin-pass-1' };
const loginPat = () =>
  runCli(['login', '--method', 'pat', '--user', ADMIN.email], { ...env, DOCSPACE_PASSWORD: ADMIN.password });

describe('ds-auth apps', () => {
  it('registers an app (secret shown once, kept nowhere), signs in with it, rotates the secret (the old one fails), deletes it', async () => {
    expect((await loginPat()).code).toBe(0);
    const registered = await runCli(
      [
        'apps',
        'register',
        '--name',
        'CLI Robot',
        '--redirect-uri',
        'http://127.0.0.1/callback',
        '--scope',
        'openid,accounts.self:read',
        '--scope',
        'files:read',
        '--scope',
        'rooms:read',
        '--website',
        'https://robot.example.com',
        '--json',
      ],
      env,
    );
    expect(registered.code, registered.stdout).toBe(0);
    const { app, clientSecret } = JSON.parse(registered.stdout) as {
      app: { clientId: string; name: string; scopes: string[]; enabled: boolean };
      clientSecret: string;
    };
    expect(app).toMatchObject({
      name: 'CLI Robot',
      enabled: true,
      scopes: ['openid', 'accounts.self:read', 'files:read', 'rooms:read'],
    });
    expect(clientSecret.length).toBeGreaterThan(10);
    expect(await filesContaining(home, [clientSecret])).toEqual([]);

    const list = await runCli(['apps', 'list'], env);
    expect(list.stdout).toMatch(
      new RegExp(
        `^${app.clientId}\\s+CLI Robot\\s+yes\\s+openid,accounts\\.self:read,files:read,rooms:read`,
        'm',
      ),
    );
    expect(list.stdout).not.toContain(clientSecret);
    expect((await runCli(['apps', '--json'], env)).stdout).toContain(app.clientId);

    // The new app signs a user in (confidential: the secret from the environment, as the README says).
    const signIn = await loginInBrowser(
      portal,
      ['login', '--method', 'oauth', '--client-id', app.clientId, '--no-browser', '--profile', 'robot'],
      { ...env, DOCSPACE_CLIENT_SECRET: clientSecret },
    );
    expect(signIn.code, signIn.stderr).toBe(0);

    const rotated = await runCli(
      ['apps', 'rotate-secret', app.clientId, '--profile', new URL(portal.url).host],
      env,
    );
    expect(rotated.code, rotated.stderr).toBe(0);
    const newSecret = /new client secret for \S+:\s+(\S+)/.exec(rotated.stdout)![1]!;
    expect(newSecret).not.toBe(clientSecret);
    expect(rotated.stderr).toContain('the old secret no longer works; the client secret is shown only now');
    expect(await filesContaining(home, [newSecret, clientSecret])).toEqual([]);
    const old = await loginInBrowser(
      portal,
      [
        'login',
        '--method',
        'oauth',
        '--client-id',
        app.clientId,
        '--no-browser',
        '--profile',
        'robot2',
        '--json',
      ],
      { ...env, DOCSPACE_CLIENT_SECRET: clientSecret },
    );
    expect(old.code).toBe(3);
    expect(JSON.parse(old.stdout).error.code).toBe('ERR_OAUTH_INVALID_CLIENT');

    const admin = ['--profile', new URL(portal.url).host];
    const refused = await runCli(['apps', 'delete', app.clientId, ...admin], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `deleting an app cannot be undone: pass --yes to delete ${app.clientId} without asking`,
    );
    const deleted = await runCli(['apps', 'delete', app.clientId, '--yes', '--json', ...admin], env);
    expect(JSON.parse(deleted.stdout)).toEqual({ deleted: true, clientId: app.clientId });
    expect((await runCli(['apps', 'list', ...admin], env)).stdout).not.toContain(app.clientId);
    const gone = await runCli(['apps', 'rotate-secret', app.clientId, '--json', ...admin], env);
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.stdout).error.code).toBe('ERR_AUTH_NOT_FOUND');
  }, 60_000);

  it('with an OAuth sign-in: 403, exit 4, and a hint to sign in with a PAT for app management', async () => {
    const app = portal.seed.clients.find((client) => !client.public)!;
    const signIn = await loginInBrowser(
      portal,
      ['login', '--method', 'oauth', '--client-id', app.clientId, '--no-browser'],
      { ...env, DOCSPACE_CLIENT_SECRET: app.clientSecret },
    );
    expect(signIn.code, signIn.stderr).toBe(0);
    const result = await runCli(['apps', 'list', '--json'], {
      ...env,
      DOCSPACE_CLIENT_SECRET: app.clientSecret,
    });
    expect(result.code).toBe(4);
    expect(JSON.parse(result.stdout).error).toMatchObject({
      code: 'ERR_AUTH_FORBIDDEN',
      hint: expect.stringContaining('an OAuth token cannot manage OAuth apps: sign in with --method pat'),
    });
  });

  it('register without its required flags is a usage error naming them', async () => {
    expect((await loginPat()).code).toBe(0);
    const result = await runCli(['apps', 'register', '--name', 'x', '--json'], env);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.message).toBe(
      'ds-auth apps register needs --redirect-uri, --scope, --website',
    );
  });
});

describe('ds-auth sessions', () => {
  it('lists the sessions with its own marked, ends another, signs out everywhere else, and ending its own signs it out', async () => {
    expect((await loginPat()).code).toBe(0);
    // Another device of the same account.
    const phone = createPersonalTokenAuth({
      baseUrl: portal.url,
      userName: ADMIN.email,
      password: ADMIN.password,
    });
    await phone.authenticate();
    const phoneSessions = createActiveConnections(createDocSpaceClient({ baseUrl: portal.url, auth: phone }));
    const phoneId = (await phoneSessions.list()).currentId!;

    const listed = JSON.parse((await runCli(['sessions', '--json'], env)).stdout) as {
      currentId: number;
      sessions: Array<{ id: number; current: boolean }>;
    };
    expect(listed.sessions).toHaveLength(2);
    expect(listed.sessions.find((session) => session.current)?.id).toBe(listed.currentId);
    expect(listed.sessions.map((session) => session.id)).toContain(phoneId);
    const table = (await runCli(['sessions', 'list'], env)).stdout;
    expect(table).toMatch(new RegExp(`^\\*\\s+${listed.currentId}\\s`, 'm'));
    expect(table).toContain("* this CLI's own session");

    const ended = await runCli(['sessions', 'end', String(phoneId)], env);
    expect(ended.stdout).toBe(`ended session ${phoneId}\n`);
    expect((await runCli(['sessions', 'end', String(phoneId), '--json'], env)).stdout).toBe(
      `${JSON.stringify({ id: phoneId, ended: false })}\n`,
    );

    const tablet = createPersonalTokenAuth({
      baseUrl: portal.url,
      userName: ADMIN.email,
      password: ADMIN.password,
    });
    await tablet.authenticate();
    const others = await runCli(['sessions', 'end-others', '--json'], env);
    expect(JSON.parse(others.stdout)).toEqual({ endedOthers: true, kept: listed.currentId });
    const after = JSON.parse((await runCli(['sessions', '--json'], env)).stdout) as {
      sessions: Array<{ id: number }>;
    };
    expect(after.sessions.map((session) => session.id)).toEqual([listed.currentId]);

    const own = await runCli(['sessions', 'end', String(listed.currentId)], env);
    expect(own.stdout).toBe(
      `ended session ${listed.currentId} (this CLI's own: "${new URL(portal.url).host}" is signed out)\n`,
    );
    expect((await runCli(['status'], env)).code).toBe(3);
  });

  it('a bad id is a usage error', async () => {
    const result = await runCli(['sessions', 'end', 'abc', '--json'], env);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_CLI_USAGE');
  });
});
