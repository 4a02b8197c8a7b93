// ds-auth on a pseudo-terminal, as a person runs it: every command with and without --json, and every
// error path, whose --json output is always { "error": { "code", "message", "hint" } } with the same
// exit code as without --json. With --json, stdout goes to a file (as in `ds-auth token --json > t.json`)
// so the JSON is read exactly; prompts and warnings stay on the terminal.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPersonalTokenAuth } from '@ds/auth-pat';
import { type Emulator, startEmulator } from '@ds/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closedPort, untrustedHttps } from './fixtures/portal.js';
import { type Answer, hasPty, type PtyRun, runCliPty, SCRIPT } from './run-cli.js';

let portal: Emulator;
let home: string;
let env: Record<string, string>;
beforeEach(async () => {
  portal = await startEmulator();
  home = await mkdtemp(join(tmpdir(), 'ds-auth-pty-'));
  env = { DOCSPACE_URL: portal.url, DS_AUTH_HOME: home };
});
afterEach(async () => {
  await portal.close();
  await rm(home, { recursive: true, force: true });
});

const twoFactorUser = () => portal.seed.users.find((candidate) => candidate.tfa === 'app')!;
const fullKey = () => portal.seed.apiKeys.find((candidate) => candidate.name === 'full-access')!.key;
/** What the terminal shows: a carriage return goes back to the start of the line, ESC[K clears the rest. */
const lines = (screen: string) =>
  screen
    .replace(/\u001b\[K/g, '')
    .split('\n')
    .map((line) => line.replace(/\r$/, '').split('\r').at(-1))
    .join('\n');

/** Runs on the terminal without --json: exit code 0, the screen as a person sees it. */
async function human(
  args: string[],
  extra: Record<string, string> = {},
  answers: Answer[] = [],
): Promise<string> {
  const run = await runCliPty(args, { ...env, ...extra }, { answers });
  expect(run.code, run.screen).toBe(0);
  expect(run.screen).not.toContain('error [');
  return lines(run.screen);
}

/** Runs on the terminal with --json: exit code 0 and exactly one JSON document on stdout. */
async function json<T = Record<string, unknown>>(
  args: string[],
  extra: Record<string, string> = {},
  answers: Answer[] = [],
): Promise<T> {
  const run = await runCliPty([...args, '--json'], { ...env, ...extra }, { answers, stdoutToFile: true });
  expect(run.code, `${run.screen}\n${run.stdout}`).toBe(0);
  expect(run.stdout!.endsWith('\n')).toBe(true);
  expect(run.stdout!.trim().split('\n')).toHaveLength(1);
  return JSON.parse(run.stdout!) as T;
}

describe.skipIf(!hasPty)('ds-auth on a pseudo-terminal', () => {
  it('asks for the password without echo and for the 2FA code, with no spinner over the prompt', async () => {
    const user = twoFactorUser();
    const run = await runCliPty(['login', '--method', 'pat', '--user', user.email], env, {
      answers: [
        { when: /Password: $/, answer: () => user.password },
        { when: /Two-factor code/, answer: () => portal.totp(user.email) },
      ],
    });
    expect(run.code, run.screen).toBe(0);
    expect(run.screen).toContain('(pat)');
    expect(run.screen).not.toContain(user.password);
    // The prompt stays on screen until answered: nothing is drawn between "Password: " and the answer.
    expect(run.screen).toMatch(/Password: \r?\n/);
  }, 60_000);

  it('drives every command with and without --json', async () => {
    const user = twoFactorUser();
    const patAnswers = (): Answer[] => [
      { when: /Password: $/, answer: () => user.password },
      { when: /Two-factor code/, answer: () => portal.totp(user.email) },
    ];
    const host = new URL(portal.url).host;

    // login, both ways (the second replaces the first: same account, same portal).
    expect(await human(['login', '--method', 'pat', '--user', user.email], {}, patAnswers())).toContain(
      `profile "${host}" (active), secret in a 0600 file (no OS keychain)`,
    );
    expect(await json(['login', '--method', 'pat', '--user', user.email], {}, patAnswers())).toMatchObject({
      profile: host,
      method: 'pat',
      storage: 'file',
      active: true,
      account: { email: user.email },
    });
    const key = { DOCSPACE_API_KEY: fullKey() };
    expect(await human(['login', '--method', 'apikey', '--profile', 'admin'], key)).toContain(
      'signed in to ' + portal.url + ' as Ada Admin <admin@docspace.test> (apikey)',
    );
    expect(
      await json(['login', '--method', 'apikey', '--profile', 'admin', '--insecure-storage'], key),
    ).toMatchObject({
      profile: 'admin',
      storage: 'file',
    });

    // whoami, token, status.
    expect(await human(['whoami', '--profile', host])).toContain(`<${user.email}>`);
    expect(await json(['whoami', '--profile', host])).toMatchObject({
      email: user.email,
      method: 'pat',
      profile: host,
    });
    const token = (await human(['token', '--profile', host])).trim().split('\n').at(-1)!;
    expect(await json(['token', '--profile', host])).toMatchObject({
      token,
      scheme: 'Bearer',
      portal: portal.url,
    });
    const status = await human(['status']);
    expect(status).toContain('* admin (active)');
    expect(status).toContain(`  ${host}\n`);
    expect(status).not.toContain(token);
    expect(await json(['status'])).toMatchObject({
      profile: 'admin',
      profiles: [{ name: host }, { name: 'admin' }],
    });

    // switch, both ways (two profiles: to the other one).
    expect(await human(['switch'])).toContain(`switched to "${host}"`);
    expect(await json(['switch'])).toMatchObject({ active: 'admin' });

    // apps: register, list, rotate-secret, delete (on a terminal it asks; --yes does not).
    const registerArgs = (name: string) => [
      'apps',
      'register',
      '--name',
      name,
      '--redirect-uri',
      'https://app.example.com/cb',
      '--scope',
      'files:read',
      '--website',
      'https://app.example.com',
    ];
    const registered = await human(registerArgs('Human App'));
    const humanId = /client id:\s+(\S+)/.exec(registered)![1]!;
    expect(registered).toMatch(/client secret:\s+\S+/);
    expect(registered).toContain('note: the client secret is shown only now');
    const jsonApp = await json<{ app: { clientId: string }; clientSecret: string }>(registerArgs('Json App'));
    expect(jsonApp.clientSecret.length).toBeGreaterThan(10);
    expect(await human(['apps', 'list'])).toMatch(new RegExp(`${humanId}\\s+Human App`));
    expect(
      (await json<{ apps: Array<{ name: string }> }>(['apps', 'list'])).apps.map((app) => app.name),
    ).toContain('Json App');
    expect(await human(['apps', 'rotate-secret', humanId])).toMatch(
      new RegExp(`new client secret for ${humanId}:\\s+\\S+`),
    );
    expect(await json(['apps', 'rotate-secret', jsonApp.app.clientId])).toMatchObject({
      clientId: jsonApp.app.clientId,
    });
    expect(
      await human(['apps', 'delete', humanId], {}, [{ when: /Type "yes": $/, answer: () => 'yes' }]),
    ).toContain(`deleted the app ${humanId}`);
    expect(await json(['apps', 'delete', jsonApp.app.clientId, '--yes'])).toEqual({
      deleted: true,
      clientId: jsonApp.app.clientId,
    });

    // sessions: list, end one, end the others (as the PAT profile, which is a session of its own).
    const pat = ['--profile', host];
    expect(await human(['sessions', ...pat])).toContain("* this CLI's own session");
    const listed = await json<{ currentId: number; sessions: Array<{ id: number }> }>([
      'sessions',
      'list',
      ...pat,
    ]);
    const other = async (): Promise<number> => {
      await createPersonalTokenAuth({
        baseUrl: portal.url,
        userName: user.email,
        password: user.password,
        onTwoFactor: async () => portal.totp(user.email),
      }).authenticate();
      const now = await json<{ sessions: Array<{ id: number }> }>(['sessions', ...pat]);
      return Math.max(...now.sessions.map((session) => session.id));
    };
    const first = await other();
    expect(await human(['sessions', 'end', String(first), ...pat])).toContain(`ended session ${first}`);
    portal.resetLimits();
    const second = await other();
    expect(await json(['sessions', 'end', String(second), ...pat])).toEqual({ id: second, ended: true });
    expect(await human(['sessions', 'end-others', ...pat])).toContain(
      `kept this CLI's session ${listed.currentId}`,
    );
    expect(await json(['sessions', 'end-others', ...pat])).toEqual({
      endedOthers: true,
      kept: listed.currentId,
    });

    // logout, both ways; then nothing is left to log out (not an error).
    expect(await human(['logout', '--profile', 'admin'])).toContain(`logged out of ${portal.url}`);
    expect(await json(['logout'])).toMatchObject({ loggedOut: true, profile: host, active: null });
    expect(await json(['logout'])).toEqual({
      loggedOut: false,
      message: `not signed in to ${portal.url}: nothing to log out`,
    });

    // demo against the embedded emulator, both ways; help.
    const noPortal = { DOCSPACE_URL: '' };
    expect(await human(['demo'], noPortal)).toMatch(/method\s+account\s+scheme/);
    const rows = await json<Array<{ ok: boolean }>>(['demo'], noPortal);
    expect(rows.every((row) => row.ok)).toBe(true);
    expect(await human(['--help'])).toContain('usage: ds-auth <command>');
  }, 120_000);

  it('every error path: one line on the terminal, the JSON shape with --json, the same exit code', async () => {
    const tls = await untrustedHttps();
    const closed = `http://127.0.0.1:${await closedPort()}`;
    try {
      const fresh = { DOCSPACE_URL: '' };
      const key = { DOCSPACE_API_KEY: fullKey() };
      const cases: Array<{
        args: string[];
        env?: Record<string, string>;
        code: number;
        error: string;
        answers?: () => Answer[];
      }> = [
        { args: ['whoami', '--bogus'], code: 2, error: 'ERR_CLI_USAGE' },
        { args: ['bogus'], code: 2, error: 'ERR_CLI_USAGE' },
        { args: ['apps', 'bogus'], code: 2, error: 'ERR_CLI_USAGE' },
        { args: ['token', '--portal'], code: 2, error: 'ERR_CLI_USAGE' },
        { args: ['status'], code: 3, error: 'ERR_CLI_NOT_SIGNED_IN' },
        { args: ['whoami'], env: fresh, code: 3, error: 'ERR_CLI_NOT_SIGNED_IN' },
        { args: ['token'], code: 3, error: 'ERR_CLI_NOT_SIGNED_IN' },
        { args: ['switch'], code: 3, error: 'ERR_CLI_NOT_SIGNED_IN' },
        { args: ['apps', 'list'], code: 3, error: 'ERR_CLI_NOT_SIGNED_IN' },
        { args: ['sessions'], code: 3, error: 'ERR_CLI_NOT_SIGNED_IN' },
        { args: ['token'], env: { ...fresh, ...key }, code: 2, error: 'ERR_CLI_NO_PORTAL' },
        { args: ['token', '--profile', 'nope'], code: 2, error: 'ERR_CLI_UNKNOWN_PROFILE' },
        { args: ['whoami', '--portal', closed], env: key, code: 1, error: 'ERR_AUTH_NETWORK' },
        { args: ['whoami', '--portal', tls.url], env: key, code: 1, error: 'ERR_AUTH_NETWORK' },
        {
          args: ['login', '--method', 'oidc', '--client-id', 'x', '--portal', tls.url],
          code: 1,
          error: 'ERR_OIDC_DISCOVERY_FAILED',
        },
        {
          args: ['whoami', '--portal', 'http://portal.example.com'],
          env: key,
          code: 2,
          error: 'ERR_AUTH_INSECURE_URL',
        },
        {
          args: ['whoami'],
          env: { DOCSPACE_API_KEY: 'sk-not-a-key' },
          code: 2,
          error: 'ERR_AUTH_INVALID_OPTION',
        },
        {
          args: ['login', '--method', 'pat', '--user', 'admin@docspace.test'],
          answers: () => [{ when: /Password: $/, answer: () => 'Wrong-pass-9' }],
          code: 3,
          error: 'ERR_PAT_INVALID_CREDENTIALS',
        },
        { args: ['login', '--method', 'oauth'], code: 2, error: 'ERR_CLI_USAGE' },
        { args: ['login', '--method', 'pat', '--client-id', 'x'], code: 2, error: 'ERR_CLI_USAGE' },
        {
          args: ['login', '--method', 'apikey', '--user', 'user@docspace.test'],
          env: key,
          code: 3,
          error: 'ERR_CLI_WRONG_ACCOUNT',
        },
        {
          args: ['apps', 'rotate-secret', '00000000-0000-4000-8000-000000000000'],
          env: key,
          code: 1,
          error: 'ERR_AUTH_NOT_FOUND',
        },
        { args: ['apps', 'register', '--name', 'x'], env: key, code: 2, error: 'ERR_CLI_USAGE' },
        {
          args: ['apps', 'delete', '00000000-0000-4000-8000-000000000000'],
          env: key,
          answers: () => [{ when: /Type "yes": $/, answer: () => 'no' }],
          code: 1,
          error: 'ERR_CLI_CANCELLED',
        },
        { args: ['sessions', 'end', 'abc'], env: key, code: 2, error: 'ERR_CLI_USAGE' },
        { args: ['demo'], code: 2, error: 'ERR_CLI_NO_CREDENTIALS' },
      ];
      for (const { args, env: extra = {}, code, error, answers } of cases) {
        portal.resetLimits();
        const text: PtyRun = await runCliPty(args, { ...env, ...extra }, { answers: answers?.() ?? [] });
        const label = `ds-auth ${args.join(' ')}`;
        expect(text.code, `${label}\n${text.screen}`).toBe(code);
        expect(lines(text.screen), label).toMatch(new RegExp(`^error \\[${error}\\]: .+$`, 'm'));
        const withJson = await runCliPty(
          [...args, '--json'],
          { ...env, ...extra },
          { answers: answers?.() ?? [], stdoutToFile: true },
        );
        expect(withJson.code, `${label} --json\n${withJson.screen}`).toBe(code);
        const parsed = JSON.parse(withJson.stdout!) as { error: Record<string, unknown> };
        expect(Object.keys(parsed), label).toEqual(['error']);
        expect(Object.keys(parsed.error), label).toEqual(['code', 'message', 'hint']);
        expect(parsed.error.code, label).toBe(error);
        expect(typeof parsed.error.message, label).toBe('string');
        expect(parsed.error.hint === null || typeof parsed.error.hint === 'string', label).toBe(true);
        // With --json nothing but prompts reaches the terminal: no error line there.
        expect(withJson.screen, label).not.toContain('error [');
      }
    } finally {
      await tls.close();
    }
  }, 180_000);
});

describe.runIf(!hasPty && process.env.CI)('ds-auth on a pseudo-terminal', () => {
  it('needs util-linux script in CI', () => {
    throw new Error(`${SCRIPT} is missing: install util-linux (bsdutils)`);
  });
});
