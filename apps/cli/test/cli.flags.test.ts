// Every login flag with every method: honoured where it means something, a usage error where it
// cannot be; and the errors of a portal that cannot be reached, whose certificate is not trusted,
// or that is plain http to a host that is not loopback.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesContaining } from './fixtures/scan.js';
import { closedPort, loginInBrowser, untrustedHttps } from './fixtures/portal.js';
import { runCli } from './run-cli.js';

let portal: Emulator;
let home: string;
let env: Record<string, string>;
beforeEach(async () => {
  portal = await startEmulator();
  home = await mkdtemp(join(tmpdir(), 'ds-auth-flags-'));
  env = { DOCSPACE_URL: portal.url, DS_AUTH_HOME: home };
});
afterEach(async () => {
  await portal.close();
  await rm(home, { recursive: true, force: true });
});

const ADMIN = { email: 'admin@docspace.test', password: 'Admin-pass-1' };
const fullKey = () => portal.seed.apiKeys.find((candidate) => candidate.name === 'full-access')!.key;
const firstLine = (text: string) => text.split('\n')[0];

describe('login flags with every method', () => {
  it('basic --user: never asks for the e-mail; the password from DOCSPACE_PASSWORD, then later commands need only the password', async () => {
    const login = await runCli(['login', '--method', 'basic', '--user', ADMIN.email], {
      ...env,
      DOCSPACE_PASSWORD: ADMIN.password,
    });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).not.toContain('E-mail');
    expect(login.stdout).toContain(`as Ada Admin <${ADMIN.email}> (basic)`);
    expect((await runCli(['whoami'], { ...env, DOCSPACE_PASSWORD: ADMIN.password })).stdout).toContain(
      ADMIN.email,
    );
    const without = await runCli(['whoami', '--json'], env);
    expect(without.code).toBe(3);
    expect(JSON.parse(without.stdout).error.message).toContain(
      'Basic keeps no credentials: set DOCSPACE_PASSWORD',
    );
  });

  it('basic --user with the password asked for: only the password prompt', async () => {
    const login = await runCli(['login', '--method', 'basic', '--user', ADMIN.email], env, [
      { when: /Password: $/, answer: () => ADMIN.password },
    ]);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).not.toContain('E-mail');
  });

  it('pat --user and DOCSPACE_PASSWORD: no prompt at all', async () => {
    const login = await runCli(['login', '--method', 'pat', '--user', ADMIN.email], {
      ...env,
      DOCSPACE_PASSWORD: ADMIN.password,
    });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).not.toMatch(/E-mail|Password/);
  });

  it("apikey --user: the key must be that account's; another account's key is refused and nothing is kept", async () => {
    const ok = await runCli(['login', '--method', 'apikey', '--user', ADMIN.email], {
      ...env,
      DOCSPACE_API_KEY: fullKey(),
    });
    expect(ok.code, ok.stderr).toBe(0);
    await runCli(['logout'], env);
    const wrong = await runCli(['login', '--method', 'apikey', '--user', 'user@docspace.test', '--json'], {
      ...env,
      DOCSPACE_API_KEY: fullKey(),
    });
    expect(wrong.code).toBe(3);
    expect(JSON.parse(wrong.stdout)).toEqual({
      error: {
        code: 'ERR_CLI_WRONG_ACCOUNT',
        message: `signed in as ${ADMIN.email}, not user@docspace.test (--user): nothing was kept`,
        hint: 'sign in with the account you named in --user, or leave --user out',
      },
    });
    expect((await runCli(['status'], env)).code).toBe(3);
    expect(await filesContaining(home, [fullKey()])).toEqual([]);
  });

  it('oauth --user: sent as login_hint, and the account that signed in must be it', async () => {
    const app = portal.seed.clients.find((client) => !client.public)!;
    const oauthEnv = { ...env, DOCSPACE_CLIENT_SECRET: app.clientSecret };
    const args = ['login', '--method', 'oauth', '--client-id', app.clientId, '--no-browser'];
    const right = await loginInBrowser(portal, [...args, '--user', ADMIN.email], oauthEnv);
    expect(right.code, right.stderr).toBe(0);
    expect(right.url?.searchParams.get('login_hint')).toBe(ADMIN.email);

    const wrong = await loginInBrowser(
      portal,
      [...args, '--user', 'someone@docspace.test', '--profile', 'other'],
      oauthEnv,
    );
    expect(wrong.code).toBe(3);
    expect(
      firstLine(wrong.stderr.split('Open this address to sign in:\n')[1]!.split('\n').slice(1).join('\n')),
    ).toBe(
      `error [ERR_CLI_WRONG_ACCOUNT]: signed in as ${ADMIN.email}, not someone@docspace.test (--user): nothing was kept (hint: sign in with the account you named in --user, or leave --user out)`,
    );
    const status = JSON.parse((await runCli(['status', '--json'], env)).stdout);
    expect(status.profiles.map((profile: { name: string }) => profile.name)).toEqual([
      new URL(portal.url).host,
    ]);
  }, 60_000);

  it('refuses --client-id and --no-browser for the methods without a browser, and a bad --method or --profile', async () => {
    for (const method of ['pat', 'apikey', 'basic']) {
      const clientId = await runCli(['login', '--method', method, '--client-id', 'x'], env);
      expect(clientId.code).toBe(2);
      expect(firstLine(clientId.stderr)).toBe(
        `error [ERR_CLI_USAGE]: --client-id is for --method oauth and oidc, not ${method} (hint: run \`ds-auth login --help\` for its options)`,
      );
      const noBrowser = await runCli(['login', '--method', method, '--no-browser', '--json'], env);
      expect(noBrowser.code).toBe(2);
      expect(JSON.parse(noBrowser.stdout).error.message).toBe(
        `--no-browser is for --method oauth and oidc, not ${method}`,
      );
    }
    const method = await runCli(['login', '--method', 'saml', '--json'], env);
    expect(method.code).toBe(2);
    expect(JSON.parse(method.stdout).error.message).toBe(
      '"--method" must be one of pat, apikey, basic, oauth, oidc (got "saml")',
    );
    const profile = await runCli(['login', '--profile', '../x', '--json'], env);
    expect(profile.code).toBe(2);
    expect(JSON.parse(profile.stdout).error.code).toBe('ERR_CLI_USAGE');
  });

  it('oauth without --client-id or DOCSPACE_CLIENT_ID is a usage error that says where to get one', async () => {
    const result = await runCli(['login', '--method', 'oidc', '--json'], env);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.message).toContain(
      '"--client-id" (or DOCSPACE_CLIENT_ID) is required',
    );
  });

  it('--insecure-storage: the file store, with a warning that says so', async () => {
    const login = await runCli(['login', '--method', 'apikey', '--insecure-storage', '--json'], {
      ...env,
      DOCSPACE_API_KEY: fullKey(),
    });
    expect(login.code, login.stderr).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({ method: 'apikey', storage: 'file' });
    expect(login.stderr).toBe(
      `warning: --insecure-storage: the secret is kept in a file only you can read (${home}/tokens, mode 0600), not in the OS keychain\n`,
    );
  });

  it('--allow-insecure-http: plain http to a host that is not loopback only with it, and the profile remembers it', async () => {
    // [::ffff:127.0.0.1] is not a loopback name to the libraries, yet reaches this machine only.
    const mapped = portal.url.replace('127.0.0.1', '[::ffff:127.0.0.1]');
    const refused = await runCli(['login', '--method', 'apikey', '--portal', mapped, '--json'], {
      DS_AUTH_HOME: home,
      DOCSPACE_API_KEY: fullKey(),
    });
    expect(refused.code).toBe(2);
    const error = JSON.parse(refused.stdout).error;
    expect(error).toEqual({
      code: 'ERR_AUTH_INSECURE_URL',
      message:
        '--portal is plain http to [::ffff:7f00:1]:' +
        new URL(portal.url).port +
        ', which is not a loopback host',
      hint: 'use https, or pass --allow-insecure-http if you accept that passwords and tokens cross the network unencrypted',
    });
    expect(refused.stdout).not.toContain('allowInsecureHttp');

    const allowed = await runCli(
      ['login', '--method', 'apikey', '--portal', mapped, '--allow-insecure-http'],
      {
        DS_AUTH_HOME: home,
        DOCSPACE_API_KEY: fullKey(),
      },
    );
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(home, 'profiles.json'), 'utf8')).profiles[0]).toMatchObject({
      allowInsecureHttp: true,
    });
    const whoami = await runCli(['whoami'], { DS_AUTH_HOME: home });
    expect(whoami.code, whoami.stderr).toBe(0);
    expect(whoami.stdout).toContain(ADMIN.email);
  });
});

describe('a portal that cannot be used', () => {
  it('unreachable: a hint instead of a bare "fetch failed", the same exit code with --json', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const text = await runCli(['whoami', '--portal', url], {
      DS_AUTH_HOME: home,
      DOCSPACE_API_KEY: fullKey(),
    });
    expect(text.code).toBe(1);
    expect(text.stderr).toBe(
      `error [ERR_AUTH_NETWORK]: GET ${url}/api/2.0/people/@self failed: ECONNREFUSED (hint: the portal could not be reached (the connection was refused): check the portal URL (--portal or DOCSPACE_URL), that the portal is up, and the network or proxy)\n`,
    );
    const json = await runCli(['login', '--portal', url, '--user', ADMIN.email, '--json'], {
      DS_AUTH_HOME: home,
      DOCSPACE_PASSWORD: ADMIN.password,
    });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).error).toMatchObject({
      code: 'ERR_AUTH_NETWORK',
      hint: expect.stringContaining('the portal could not be reached (the connection was refused)'),
    });
    expect(existsSync(join(home, 'profiles.json'))).toBe(false);
  });

  it('a TLS certificate that is not trusted: says so and how to trust a private CA', async () => {
    const server = await untrustedHttps();
    try {
      for (const args of [
        ['whoami', '--portal', server.url],
        ['login', '--method', 'oidc', '--client-id', 'x', '--portal', server.url],
      ]) {
        const result = await runCli([...args, '--json'], { DS_AUTH_HOME: home, DOCSPACE_API_KEY: fullKey() });
        expect(result.code, result.stdout).toBe(1);
        const { error } = JSON.parse(result.stdout);
        expect(error.hint).toMatch(
          /^the portal's TLS certificate was not accepted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|certificate)\): check the portal URL; for a portal whose certificate comes from a private CA, set NODE_EXTRA_CA_CERTS to that CA's certificate file$/,
        );
      }
      // Trusting the certificate as the hint says makes it work.
      const trusted = await runCli(['whoami', '--portal', server.url, '--json'], {
        DS_AUTH_HOME: home,
        DOCSPACE_API_KEY: fullKey(),
        NODE_EXTRA_CA_CERTS: new URL('./fixtures/tls/self-signed.crt', import.meta.url).pathname,
      });
      expect(trusted.code, trusted.stdout).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('logout while the portal cannot be reached: forgotten here anyway, with a warning that the token stays valid there', async () => {
    const login = await runCli(['login', '--method', 'pat', '--user', ADMIN.email], {
      ...env,
      DOCSPACE_PASSWORD: ADMIN.password,
    });
    expect(login.code, login.stderr).toBe(0);
    await portal.close();
    const logout = await runCli(['logout', '--json'], env);
    expect(logout.code).toBe(0);
    expect(JSON.parse(logout.stdout)).toMatchObject({ loggedOut: true, revoked: false });
    expect(logout.stderr).toMatch(
      /^warning: the session could not be revoked on the portal \(ERR_AUTH_NETWORK: .*\): it is forgotten here, and its token stays valid on the portal until it expires\n$/,
    );
    expect((await runCli(['status'], env)).code).toBe(3);
  });

  it('plain http to a host that is not loopback is refused before any request, naming the CLI flag', async () => {
    for (const [args, source] of [
      [['whoami', '--portal', 'http://portal.example.com'], '--portal'],
      [['token'], 'DOCSPACE_URL'],
    ] as const) {
      const result = await runCli([...args], {
        DS_AUTH_HOME: home,
        DOCSPACE_URL: 'http://portal.example.com',
        DOCSPACE_API_KEY: fullKey(),
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `error [ERR_AUTH_INSECURE_URL]: ${source} is plain http to portal.example.com, which is not a loopback host (hint: use https, or pass --allow-insecure-http if you accept that passwords and tokens cross the network unencrypted)\n`,
      );
    }
  });
});
