import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let portal: Emulator;
let home: string;
let env: Record<string, string>;
beforeAll(() => {
  expect(existsSync(fileURLToPath(new URL('../dist/main.js', import.meta.url))), 'build apps/cli first').toBe(
    true,
  );
});
beforeEach(async () => {
  portal = await startEmulator();
  home = await mkdtemp(join(tmpdir(), 'ds-auth-cli-'));
  env = { DOCSPACE_URL: portal.url, DS_AUTH_HOME: home };
});
afterEach(async () => {
  await portal.close();
  await rm(home, { recursive: true, force: true });
});

const twoFactorUser = () => portal.seed.users.find((user) => user.tfa === 'app')!;

describe('ds-auth as a process against the emulator', () => {
  it('pat: logs in with a password and a 2FA code on stdin, then whoami, token, status, logout, and whoami fails', async () => {
    const user = twoFactorUser();
    const login = await runCli(['login', '--method', 'pat', '--user', user.email], env, [
      { when: /Password: $/, answer: () => user.password },
      { when: /Two-factor code/, answer: () => portal.totp(user.email) },
    ]);
    expect(login.stderr).not.toContain(user.password);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toMatch(new RegExp(`signed in to ${portal.url} as .*<${user.email}> \\(pat\\)`));
    // No OS keychain in this test's environment: the file store, with a clear warning.
    expect(login.stderr).toContain(`warning: no OS keychain is available (no Secret Service: `);
    expect(login.stderr).toContain(
      `the secret is kept in a file only you can read (${home}/tokens, mode 0600) instead`,
    );
    expect(login.stdout).toContain(
      `profile "${new URL(portal.url).host}" (active), secret in a 0600 file (no OS keychain)`,
    );

    expect((await runCli(['whoami'], env)).stdout.trim()).toMatch(new RegExp(`<${user.email}>$`));
    expect(portal.stats.logins).toBe(1); // the stored token was reused

    const token = (await runCli(['token'], env)).stdout.trim();
    expect(
      (await fetch(`${portal.url}/api/2.0/people/@self`, { headers: { authorization: `Bearer ${token}` } }))
        .status,
    ).toBe(200);

    const status = JSON.parse((await runCli(['status', '--json'], env)).stdout) as {
      method: string;
      account: { email: string };
      expiresAt: string;
    };
    expect(status).toMatchObject({ method: 'pat', account: { email: user.email } });
    expect(Date.parse(status.expiresAt)).toBeGreaterThan(Date.now() + 300 * 86_400_000);

    const files = await readdir(join(home, 'tokens'));
    for (const file of files) expect((await stat(join(home, 'tokens', file))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(home, 'profiles.json'), 'utf8')).not.toContain(token);

    expect((await runCli(['logout'], env)).stdout).toContain(`logged out of ${portal.url}`);
    expect(
      (await fetch(`${portal.url}/api/2.0/people/@self`, { headers: { cookie: `asc_auth_key=${token}` } }))
        .status,
    ).toBe(401);

    const after = await runCli(['whoami'], env);
    expect(after.code).toBe(3);
    expect(after.stderr.trim()).toBe(
      `error [ERR_CLI_NOT_SIGNED_IN]: not signed in to ${portal.url} (hint: run \`ds-auth login\`, or set DOCSPACE_API_KEY)`,
    );
  }, 60_000);

  it('pat: a wrong password exits 3 with the code and a hint, and never echoes the password', async () => {
    const result = await runCli(['login', '--method', 'pat', '--user', 'admin@docspace.test'], env, [
      { when: /Password: $/, answer: () => 'Wrong-pass-9' },
    ]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'error [ERR_PAT_INVALID_CREDENTIALS]: the portal rejected the user name or password (hint:',
    );
    expect(result.stderr + result.stdout).not.toContain('Wrong-pass-9');
  });

  it('apikey: signs in from DOCSPACE_API_KEY, keeps the key for later commands, and logout forgets it', async () => {
    const key = portal.seed.apiKeys.find((candidate) => candidate.name === 'full-access')!.key;
    expect((await runCli(['login', '--method', 'apikey'], { ...env, DOCSPACE_API_KEY: key })).code).toBe(0);
    expect((await runCli(['whoami'], env)).stdout).toContain('<admin@docspace.test>');
    expect((await runCli(['token'], env)).stdout.trim()).toBe(key);
    expect((await runCli(['logout'], env)).stdout).toContain('the key itself stays valid');
    expect((await runCli(['whoami'], env)).code).toBe(3);
  });

  it('basic: checks the credentials and keeps nothing', async () => {
    const basicEnv = { ...env, DOCSPACE_USERNAME: 'admin@docspace.test', DOCSPACE_PASSWORD: 'Admin-pass-1' };
    const login = await runCli(['login', '--method', 'basic'], basicEnv);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toContain('Basic keeps no credentials');
    const token = await runCli(['token'], { ...env });
    expect(token.code).toBe(3);
  });

  it('oauth: signs in through the consent page over the loopback redirect, then whoami and logout revoke', async () => {
    const app = portal.seed.clients.find((client) => !client.public)!;
    env.DOCSPACE_CLIENT_SECRET = app.clientSecret; // a confidential app: the secret comes from the environment, never stored
    let signingIn: Promise<void> | undefined;
    const login = await runCli(
      ['login', '--method', 'oauth', '--client-id', app.clientId, '--no-browser'],
      env,
      [],
      (stderr) => {
        const match = /Open this address to sign in:\n\s+(\S+)/.exec(stderr);
        if (match && !signingIn) {
          signingIn = portal
            .authorize(match[1]!, { email: 'admin@docspace.test', password: 'Admin-pass-1' })
            .then((redirect) => fetch(redirect))
            .then(() => undefined);
        }
      },
    );
    await signingIn;
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain('(oauth)');
    expect((await runCli(['whoami'], env)).stdout).toContain('<admin@docspace.test>');
    const token = (await runCli(['token'], env)).stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    expect((await runCli(['logout'], env)).stdout.trim()).toBe(`logged out of ${portal.url}`);
    expect(
      (await fetch(`${portal.url}/api/2.0/people/@self`, { headers: { authorization: `Bearer ${token}` } }))
        .status,
    ).toBe(401);
  }, 60_000);

  it('oauth with a public client: logout says the access token lives until it expires', async () => {
    const app = portal.seed.clients.find((client) => client.public)!;
    let signingIn: Promise<void> | undefined;
    const login = await runCli(
      ['login', '--method', 'oauth', '--client-id', app.clientId, '--no-browser'],
      env,
      [],
      (stderr) => {
        const match = /Open this address to sign in:\n\s+(\S+)/.exec(stderr);
        if (match && !signingIn) {
          signingIn = portal
            .authorize(match[1]!, { email: 'admin@docspace.test', password: 'Admin-pass-1' })
            .then(async (redirect) => {
              await fetch(redirect);
            });
        }
      },
    );
    await signingIn;
    expect(login.code, login.stderr).toBe(0);
    expect((await runCli(['logout'], env)).stdout).toContain('a public client cannot revoke on DocSpace');
    expect((await runCli(['status'], env)).code).toBe(3);
  }, 60_000);

  it('oidc: signs in with a verified ID token, and refreshes later through the stored session', async () => {
    const app = portal.seed.clients.find((client) => !client.public)!;
    env.DOCSPACE_CLIENT_SECRET = app.clientSecret;
    let signingIn: Promise<void> | undefined;
    const login = await runCli(
      ['login', '--method', 'oidc', '--client-id', app.clientId, '--no-browser', '--json'],
      env,
      [],
      (stderr) => {
        const match = /Open this address to sign in:\n\s+(\S+)/.exec(stderr);
        if (match && !signingIn) {
          expect(new URL(match[1]!).searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
          signingIn = portal
            .authorize(match[1]!, { email: 'admin@docspace.test', password: 'Admin-pass-1' })
            .then(async (redirect) => {
              await fetch(redirect);
            });
        }
      },
    );
    await signingIn;
    expect(login.code, login.stderr).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({
      method: 'oidc',
      account: { email: 'admin@docspace.test' },
    });
    const whoami = JSON.parse((await runCli(['whoami', '--json'], env)).stdout) as {
      method: string;
      email: string;
    };
    expect(whoami).toMatchObject({ method: 'oidc', email: 'admin@docspace.test' });
  }, 60_000);

  it('prints help for every command and rejects unknown flags with exit code 2', async () => {
    for (const command of [
      ['login'],
      ['whoami'],
      ['token'],
      ['status'],
      ['switch'],
      ['logout'],
      ['apps', 'register'],
      ['apps', 'rotate-secret'],
      ['apps', 'delete'],
      ['sessions', 'end'],
      ['sessions', 'end-others'],
      ['demo'],
    ]) {
      const help = await runCli([...command, '--help'], env);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`usage: ds-auth ${command.join(' ')}`);
      expect(help.stdout).toContain('exit codes: 0 ok');
    }
    const bad = await runCli(['whoami', '--bogus'], env);
    expect(bad.code).toBe(2);
    // One clear line, then the command's usage: not Node's argument-parser text.
    expect(bad.stderr).toBe(
      'error [ERR_CLI_USAGE]: unknown flag --bogus for ds-auth whoami (hint: run `ds-auth whoami --help` for its options)\n\n' +
        'usage: ds-auth whoami [--portal URL | --profile NAME] [--allow-insecure-http] [--json]\n',
    );
    const wrongCommand = await runCli(['whoami', '--client-id', 'x'], env);
    expect(wrongCommand.code).toBe(2);
    expect(wrongCommand.stderr.split('\n')[0]).toBe(
      'error [ERR_CLI_USAGE]: unknown flag --client-id for ds-auth whoami (hint: run `ds-auth whoami --help` for its options)',
    );
    const missingValue = await runCli(['token', '--portal'], env);
    expect(missingValue.code).toBe(2);
    expect(missingValue.stderr.split('\n')[0]).toContain('error [ERR_CLI_USAGE]: --portal needs a value');
  }, 60_000);
});
