import { parseArgs } from 'node:util';
import { logout, status, token, whoami } from './commands/account.js';
import { demo } from './commands/demo.js';
import { login } from './commands/login.js';
import { describeFailure } from './failure.js';
import { type CliIo, EXIT } from './io.js';
import { createProgress } from './progress.js';
import { createPrompter } from './prompt.js';

export type { CliIo } from './io.js';
export { EXIT } from './io.js';

const EXIT_CODES =
  'exit codes: 0 ok, 1 failed, 2 usage error, 3 not signed in or credentials rejected, 4 not allowed (403, lockout)';

const USAGE = `usage: ds-auth <command> [options]

Sign in to an ONLYOFFICE DocSpace portal with any method, see who you are, hand a token to scripts, log out.

commands:
  login     sign in (--method pat|apikey|basic|oauth|oidc) and remember the session
  whoami    show the account (GET /api/2.0/people/@self)
  token     print the current access token, for scripts
  status    show the method, account and expiry of the session
  logout    revoke the session on the portal and forget it
  demo      run every method end to end (against the embedded emulator unless DOCSPACE_URL is set)

environment: DOCSPACE_URL, DOCSPACE_API_KEY, DOCSPACE_USERNAME, DOCSPACE_PASSWORD,
             DOCSPACE_CLIENT_ID, DOCSPACE_CLIENT_SECRET, DS_AUTH_HOME (where sessions are kept)

run \`ds-auth <command> --help\` for its options.
${EXIT_CODES}
`;

const HELP: Record<string, string> = {
  login: `usage: ds-auth login [--method pat|apikey|basic|oauth|oidc] [--url URL] [--user EMAIL] [--client-id ID] [--no-browser] [--json]

  pat     password login (asks for the password without echo, and for a two-factor code when the portal wants one);
          the token is kept for reuse (about a year) in a 0600 file
  apikey  an API key from DOCSPACE_API_KEY or asked for; checked with GET /api/2.0/keys/@self and kept in a 0600 file
  basic   e-mail and password on every request (testing only; nothing is stored)
  oauth   opens the browser for the portal's sign-in and consent (loopback redirect on 127.0.0.1);
  oidc    needs --client-id (or DOCSPACE_CLIENT_ID) of an OAuth app with redirect URI http://127.0.0.1/callback
`,
  whoami:
    'usage: ds-auth whoami [--url URL] [--json]\n\n  shows the account the available credentials belong to\n',
  token:
    'usage: ds-auth token [--url URL] [--json]\n\n  prints the current Bearer token (refreshed first when due), e.g. curl -H "Authorization: Bearer $(ds-auth token)" ...\n',
  status:
    'usage: ds-auth status [--json]\n\n  shows the stored session: portal, method, account, expiry; prints no secret\n',
  logout:
    'usage: ds-auth logout [--json]\n\n  revokes the session on the portal (PAT logout by cookie, OAuth revocation) and deletes it locally\n',
  demo: 'usage: ds-auth demo [--json]\n\n  runs every method end to end and prints one row per method; exits 0 only if all worked\n',
};

/** Runs `ds-auth` with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr.write(`error [ERR_CLI_USAGE]: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const { values } = parsed;
  const [command, ...extra] = parsed.positionals;
  if (command === undefined || command === 'help') {
    (command === undefined && !values.help ? io.stderr : io.stdout).write(USAGE);
    return command === undefined && !values.help ? EXIT.usage : EXIT.ok;
  }
  if (!(command in HELP)) {
    io.stderr.write(`error [ERR_CLI_USAGE]: unknown command "${command}"\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (values.help) {
    io.stdout.write(`${HELP[command]}\n${EXIT_CODES}\n`);
    return EXIT.ok;
  }
  if (extra.length > 0) {
    io.stderr.write(`error [ERR_CLI_USAGE]: unexpected argument "${extra[0]}"\n\n${HELP[command]}`);
    return EXIT.usage;
  }
  const json = values.json === true;
  const progress = createProgress(io.stderr, !json);
  const prompter = createPrompter(io.stdin, io.stderr);
  const common = { url: values.url, json };
  try {
    switch (command) {
      case 'login':
        return await login(
          {
            ...common,
            method: values.method,
            user: values.user,
            clientId: values['client-id'],
            browser: values.browser !== false && values['no-browser'] !== true,
          },
          io,
          prompter,
          progress,
        );
      case 'whoami':
        return await whoami(common, io, progress);
      case 'token':
        return await token(common, io);
      case 'status':
        return await status(common, io);
      case 'logout':
        return await logout(common, io, progress);
      default:
        return await demo({ json }, io);
    }
  } catch (error) {
    progress.done();
    const failure = describeFailure(error);
    io.stderr.write(`${failure.line}\n`);
    return failure.exitCode;
  } finally {
    prompter.close();
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      method: { type: 'string', short: 'm' },
      url: { type: 'string' },
      user: { type: 'string' },
      'client-id': { type: 'string' },
      browser: { type: 'boolean' },
      'no-browser': { type: 'boolean' },
    },
  });
}
