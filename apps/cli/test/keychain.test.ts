// Secrets in the OS keychain, on a real Secret Service (gnome-keyring on a private D-Bus session bus,
// see fixtures/secret-service.ts): no secret of any method ever lands in a file under DS_AUTH_HOME
// while the keychain is there; --insecure-storage puts it in a 0600 file on purpose; a 0.1 session
// directory is migrated into the keychain.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileTokenStore } from '@ds/auth-core/node';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { filesContaining, filesUnder, secretsIn } from './fixtures/scan.js';
import { type SecretService, secretServiceMissing, startSecretService } from './fixtures/secret-service.js';
import { runCli } from './run-cli.js';

const missing = secretServiceMissing();
const inCi = Boolean(process.env.CI);
if (missing && !inCi) console.warn(`skipping the keychain tests (CI is not set): ${missing}`);

describe.runIf(missing !== undefined && inCi)('the OS keychain in CI', () => {
  it('needs a real Secret Service: gnome-keyring and D-Bus from .ci/run', () => {
    throw new Error(`the keychain tests cannot run: ${missing}`);
  });
});

describe.skipIf(missing !== undefined)('the OS keychain (gnome-keyring on a private session bus)', () => {
  let service: SecretService;
  let portal: Emulator;
  let home: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    expect(
      existsSync(fileURLToPath(new URL('../dist/main.js', import.meta.url))),
      'build apps/cli first',
    ).toBe(true);
    service = await startSecretService();
  });
  afterAll(async () => {
    await service?.stop();
    // The daemon is gone with its bus: nothing is left running.
    if (service) expect(() => process.kill(service.daemonPid, 0)).toThrow();
  });
  beforeEach(async () => {
    portal = await startEmulator();
    home = await mkdtemp(join(tmpdir(), 'ds-auth-keychain-'));
    env = { DOCSPACE_URL: portal.url, DS_AUTH_HOME: home, ...service.env };
  });
  afterEach(async () => {
    await portal.close();
    await rm(home, { recursive: true, force: true });
    await service.clear(); // each test starts from an empty keychain
  });

  /** Every secret the keychain holds for ds-auth, and no file under DS_AUTH_HOME contains one. */
  async function expectSecretsOnlyInKeychain(extra: string[] = []): Promise<string[]> {
    const items = await service.items();
    const secrets = [...items.flatMap((item) => secretsIn(item.password)), ...extra];
    expect(secrets.length).toBeGreaterThan(0);
    expect(await filesContaining(home, secrets)).toEqual([]);
    expect(existsSync(join(home, 'tokens'))).toBe(false);
    return secrets;
  }

  it('pat: the token is kept in the Secret Service and never in a file; whoami, token and status use it; logout deletes it', async () => {
    const user = portal.seed.users.find((candidate) => candidate.tfa === 'app')!;
    const login = await runCli(['login', '--method', 'pat', '--user', user.email, '--json'], env, [
      { when: /Password: $/, answer: () => user.password },
      { when: /Two-factor code/, answer: () => portal.totp(user.email) },
    ]);
    expect(login.code, login.stderr).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({
      method: 'pat',
      storage: 'keychain',
      keychain: 'Secret Service',
      account: { email: user.email },
    });
    expect(login.stderr).not.toContain('warning');

    const token = (await runCli(['token'], env)).stdout.trim();
    expect(token.length).toBeGreaterThan(20);
    const items = await service.items();
    expect(items).toHaveLength(1);
    expect(items[0]!.password).toContain(token);
    await expectSecretsOnlyInKeychain([token, user.password]);

    expect((await runCli(['whoami'], env)).stdout).toContain(`<${user.email}>`);
    expect(portal.stats.logins).toBe(1); // the token from the keychain was reused
    const status = await runCli(['status'], env);
    expect(status.stdout).toContain('secret:   OS keychain (Secret Service)');
    expect(status.stdout).not.toContain(token);

    const logout = await runCli(['logout'], env);
    expect(logout.code, logout.stderr).toBe(0);
    expect(await service.items()).toEqual([]);
    const after = await fetch(`${portal.url}/api/2.0/people/@self`, {
      headers: { cookie: `asc_auth_key=${token}` },
    });
    expect(after.status).toBe(401);
  });

  it('apikey, oauth (with its refresh token) and the PAT a command logs in from the environment: every secret in the keychain, none in a file', async () => {
    // No profile yet: DOCSPACE_USERNAME/PASSWORD log in, and the PAT is kept for the next command, in the keychain.
    const patEnv = {
      DS_AUTH_HOME: home,
      ...service.env,
      DOCSPACE_USERNAME: 'admin@docspace.test',
      DOCSPACE_PASSWORD: 'Admin-pass-1',
    };
    const fromEnv = await runCli(['whoami', '--portal', portal.url], patEnv);
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(fromEnv.stderr).toBe('');
    expect(await service.items()).toHaveLength(1);
    expect((await runCli(['whoami', '--portal', portal.url], patEnv)).code).toBe(0);
    expect(portal.stats.logins).toBe(1); // reused from the keychain

    const key = portal.seed.apiKeys.find((candidate) => candidate.name === 'full-access')!.key;
    const apikey = await runCli(['login', '--method', 'apikey', '--profile', 'key'], {
      ...env,
      DOCSPACE_API_KEY: key,
    });
    expect(apikey.code, apikey.stderr).toBe(0);
    expect(apikey.stdout).toContain('secret in the OS keychain (Secret Service)');

    const app = portal.seed.clients.find((client) => !client.public)!;
    let signingIn: Promise<void> | undefined;
    const oauthEnv = { ...env, DOCSPACE_CLIENT_SECRET: app.clientSecret };
    const oauth = await runCli(
      ['login', '--method', 'oauth', '--client-id', app.clientId, '--no-browser', '--profile', 'web'],
      oauthEnv,
      [],
      (stderr) => {
        const match = /Open this address to sign in:\n\s+(\S+)/.exec(stderr);
        if (match && !signingIn)
          signingIn = portal
            .authorize(match[1]!, { email: 'admin@docspace.test', password: 'Admin-pass-1' })
            .then(async (redirect) => {
              await fetch(redirect);
            });
      },
    );
    await signingIn;
    expect(oauth.code, oauth.stderr).toBe(0);
    const oauthItem = (await service.items()).find((item) => item.password.includes('refreshToken'));
    expect(oauthItem, 'the OAuth tokens are in the keychain').toBeDefined();

    expect(await service.items()).toHaveLength(3);
    await expectSecretsOnlyInKeychain([key, app.clientSecret, 'Admin-pass-1']);

    // Later commands read the tokens from the keychain; still nothing in a file.
    const accessToken = (await runCli(['token', '--profile', 'web'], oauthEnv)).stdout.trim();
    expect(accessToken.split('.')).toHaveLength(3);
    expect(oauthItem!.password).toContain(accessToken);
    await expectSecretsOnlyInKeychain([accessToken]);
    const files = (await filesUnder(home)).map((file) => file.slice(home.length + 1)).sort();
    expect(files).toEqual(['profiles.json']);
  }, 60_000);

  it('--insecure-storage keeps the secret in a 0600 file with a warning, and nothing in the keychain', async () => {
    const key = portal.seed.apiKeys.find((candidate) => candidate.name === 'full-access')!.key;
    const login = await runCli(['login', '--method', 'apikey', '--insecure-storage'], {
      ...env,
      DOCSPACE_API_KEY: key,
    });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toContain(
      `warning: --insecure-storage: the secret is kept in a file only you can read (${home}/tokens, mode 0600), not in the OS keychain`,
    );
    expect(await service.items()).toEqual([]);
    const holding = await filesContaining(home, [key]);
    expect(holding).toHaveLength(1);
    expect(holding[0]).toContain(join(home, 'tokens'));
    expect((await stat(holding[0]!)).mode & 0o777).toBe(0o600);
    expect((await runCli(['token'], env)).stdout.trim()).toBe(key);
    expect((await runCli(['status'], env)).stdout).toContain('secret:   a 0600 file (insecure storage)');
  });

  it('migrates a ds-auth 0.1 session (profile.json and a token file) into the keychain and leaves no copy in a file', async () => {
    const key = portal.seed.apiKeys.find((candidate) => candidate.name === 'full-access')!.key;
    await mkdir(home, { recursive: true, mode: 0o700 });
    await writeFile(
      join(home, 'profile.json'),
      JSON.stringify({
        version: 1,
        method: 'apikey',
        portal: portal.url,
        account: { email: 'admin@docspace.test', displayName: 'Ada Admin' },
        signedInAt: '2026-01-01T00:00:00.000Z',
      }),
      { mode: 0o600 },
    );
    const files = createFileTokenStore<{ apiKey: string; issuedAt: number }>({
      directory: join(home, 'tokens'),
    });
    await files.compareAndSet(`apikey:${portal.url}`, 0, { apiKey: key, issuedAt: 1 });
    expect(await filesContaining(home, [key])).toHaveLength(1);

    const status = await runCli(['status', '--json'], { DS_AUTH_HOME: home, ...service.env });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      profile: new URL(portal.url).host,
      method: 'apikey',
      storage: 'keychain',
    });
    expect(await readdir(home)).not.toContain('profile.json');
    expect(await filesContaining(home, [key])).toEqual([]);
    expect((await service.items()).map((item) => item.account)).toEqual([`apikey:${portal.url}`]);
    expect((await runCli(['token'], { DS_AUTH_HOME: home, ...service.env })).stdout.trim()).toBe(key);
    expect(JSON.parse(await readFile(join(home, 'profiles.json'), 'utf8'))).toMatchObject({
      version: 2,
      active: new URL(portal.url).host,
    });
  });
});
