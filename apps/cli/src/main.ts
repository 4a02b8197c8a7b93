import { parseArgs } from 'node:util';
import { CliError, describeFailure, usageError } from './failure.js';
import { type CliIo, EXIT } from './io.js';
import { createProgress, type Progress } from './progress.js';
import { createPrompter, type Prompter } from './prompt.js';
import { createRuntime, type Runtime } from './session.js';

export type { CliIo } from './io.js';
export { EXIT } from './io.js';

const EXIT_CODES =
  'exit codes: 0 ok, 1 failed, 2 usage error, 3 not signed in or credentials rejected, 4 not allowed (403, lockout)';

const USAGE = `usage: ds-auth <command> [options]

Sign in to ONLYOFFICE DocSpace portals with any method, see who you are, hand a token to scripts, log out.

commands:
  login     sign in (--method pat|apikey|basic|oauth|oidc) and keep the session as a profile
  whoami    show the account (GET /api/2.0/people/@self)
  token     print the current access token, for scripts
  status    list the profiles: portal, method, account, where the secret is, expiry
  switch    make another profile the active one
  logout    revoke a session on the portal and forget its profile
  apps      register, list, rotate the secret of, and delete OAuth apps
  sessions  list the account's signed-in sessions, end one, or sign out everywhere else
  demo      run every method end to end (against the embedded emulator unless DOCSPACE_URL is set)

environment: DOCSPACE_URL, DOCSPACE_API_KEY, DOCSPACE_USERNAME, DOCSPACE_PASSWORD,
             DOCSPACE_CLIENT_ID, DOCSPACE_CLIENT_SECRET, DS_AUTH_HOME (where profiles are kept),
             DS_AUTH_INSECURE_STORAGE=1 (as --insecure-storage)

run \`ds-auth <command> --help\` for its options; --json makes every command print one JSON document.
${EXIT_CODES}
`;

type OptionName =
  | 'json'
  | 'help'
  | 'method'
  | 'portal'
  | 'url'
  | 'profile'
  | 'user'
  | 'client-id'
  | 'no-browser'
  | 'insecure-storage'
  | 'allow-insecure-http'
  | 'name'
  | 'redirect-uri'
  | 'scope'
  | 'website'
  | 'description'
  | 'allow-pkce'
  | 'yes';

const OPTIONS: Record<OptionName, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  method: { type: 'string', short: 'm' },
  portal: { type: 'string' },
  url: { type: 'string' },
  profile: { type: 'string' },
  user: { type: 'string' },
  'client-id': { type: 'string' },
  'no-browser': { type: 'boolean' },
  'insecure-storage': { type: 'boolean' },
  'allow-insecure-http': { type: 'boolean' },
  name: { type: 'string' },
  'redirect-uri': { type: 'string', multiple: true },
  scope: { type: 'string', multiple: true },
  website: { type: 'string' },
  description: { type: 'string' },
  'allow-pkce': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
};

type Values = Partial<Record<OptionName, string | boolean | string[]>>;

interface Context {
  values: Values;
  args: string[];
  runtime: Runtime;
  prompter: Prompter;
  progress: Progress;
}

interface CommandSpec {
  /** `login`, `apps register`, ... */
  name: string;
  /** The usage line(s), printed after a usage error. */
  usage: string;
  /** What `--help` adds below the usage. */
  details: string;
  options: OptionName[];
  /** How many positional arguments it takes. */
  maxArgs: number;
  run(context: Context): Promise<number>;
}

const TARGET: OptionName[] = ['portal', 'url', 'profile', 'allow-insecure-http'];
const TARGET_USAGE = '[--portal URL | --profile NAME] [--allow-insecure-http]';
const TARGET_DETAILS = `  --portal URL            the portal (a bare host means https://host); its profile, or the credentials
                          in the environment (--url is the same)
  --profile NAME          a profile by name (\`ds-auth status\` lists them); only its credentials are used
  --allow-insecure-http   allow plain http to a host that is not 127.0.0.1 or localhost (passwords and
                          tokens then cross the network unencrypted)
  without either: DOCSPACE_URL's profile, else the active profile (\`ds-auth switch\`)`;

const lazy = {
  login: () => import('./commands/login.js'),
  account: () => import('./commands/account.js'),
  apps: () => import('./commands/apps.js'),
  sessions: () => import('./commands/sessions.js'),
  demo: () => import('./commands/demo.js'),
};

const str = (value: Values[OptionName]): string | undefined =>
  typeof value === 'string' ? value : undefined;
const list = (value: Values[OptionName]): string[] | undefined => (Array.isArray(value) ? value : undefined);
const targetFlags = (values: Values) => ({
  portal: str(values.portal) ?? str(values.url),
  profile: str(values.profile),
  allowInsecureHttp: values['allow-insecure-http'] === true,
  json: values.json === true,
});

const COMMANDS: CommandSpec[] = [
  {
    name: 'login',
    usage:
      'usage: ds-auth login [--method pat|apikey|basic|oauth|oidc] [--portal URL] [--profile NAME] [--user EMAIL]\n                     [--client-id ID] [--no-browser] [--insecure-storage] [--allow-insecure-http] [--json]',
    details: `  pat     password login (--user, else DOCSPACE_USERNAME, else asked; the password from DOCSPACE_PASSWORD
          or asked without echo; a two-factor code is asked for when the portal wants one); the token is kept
          for reuse (about a year)
  apikey  an API key from DOCSPACE_API_KEY or asked for without echo, checked with GET /api/2.0/keys/@self;
          with --user, the key must belong to that account
  basic   e-mail (--user, DOCSPACE_USERNAME or asked) and password on every request (testing only; no secret
          is kept)
  oauth   opens the browser for the portal's sign-in and consent (loopback redirect on 127.0.0.1);
  oidc    needs --client-id (or DOCSPACE_CLIENT_ID) of an OAuth app with redirect URI
          http://127.0.0.1/callback; --user is sent as login_hint and the signed-in account must be it;
          --no-browser only prints the address

  --portal URL            the portal to sign in to (else the --profile's portal, else DOCSPACE_URL)
  --profile NAME          the profile to keep it as; default: the portal's host, or host/user for another
                          account there (a profile of the same account on that portal is replaced)
  --insecure-storage      keep the secret in a 0600 file instead of the OS keychain (the fallback that is
                          used, with a warning, when there is no keychain)
  --allow-insecure-http   allow plain http to a host that is not 127.0.0.1 or localhost
  The new profile becomes the active one.`,
    options: [
      'method',
      'portal',
      'url',
      'profile',
      'user',
      'client-id',
      'no-browser',
      'insecure-storage',
      'allow-insecure-http',
    ],
    maxArgs: 0,
    async run({ values, runtime, prompter, progress }) {
      const { login } = await lazy.login();
      const flags = targetFlags(values);
      return login(
        {
          method: str(values.method),
          portal: flags.portal,
          profile: flags.profile,
          user: str(values.user),
          clientId: str(values['client-id']),
          noBrowser: values['no-browser'] === true,
          insecureStorage: values['insecure-storage'] === true,
          allowInsecureHttp: flags.allowInsecureHttp,
          json: flags.json,
        },
        runtime,
        prompter,
        progress,
      );
    },
  },
  {
    name: 'whoami',
    usage: `usage: ds-auth whoami ${TARGET_USAGE} [--json]`,
    details: `  shows the account the available credentials belong to\n\n${TARGET_DETAILS}`,
    options: TARGET,
    maxArgs: 0,
    async run({ values, runtime, progress }) {
      return (await lazy.account()).whoami(targetFlags(values), runtime, progress);
    },
  },
  {
    name: 'token',
    usage: `usage: ds-auth token ${TARGET_USAGE} [--json]`,
    details: `  prints the current Bearer token (refreshed first when due), e.g.\n  curl -H "Authorization: Bearer $(ds-auth token)" ...\n\n${TARGET_DETAILS}`,
    options: TARGET,
    maxArgs: 0,
    async run({ values, runtime }) {
      return (await lazy.account()).token(targetFlags(values), runtime);
    },
  },
  {
    name: 'status',
    usage: `usage: ds-auth status ${TARGET_USAGE} [--json]`,
    details: `  lists every profile (the active one marked *): portal, method, account, where the secret is, expiry;
  prints no secret. --portal or --profile shows only those. Exits with the code of the active profile's
  problem, if it has one.\n\n${TARGET_DETAILS}`,
    options: TARGET,
    maxArgs: 0,
    async run({ values, runtime }) {
      return (await lazy.account()).status(targetFlags(values), runtime);
    },
  },
  {
    name: 'switch',
    usage: 'usage: ds-auth switch [NAME] [--portal URL | --profile NAME] [--json]',
    details:
      '  makes the profile NAME the active one; without NAME: the profile on --portal, or the other one when\n  there are two, or a choice on a terminal',
    options: ['portal', 'url', 'profile'],
    maxArgs: 1,
    async run({ values, args, runtime, prompter }) {
      return (await lazy.account()).switchProfile(
        { ...targetFlags(values), name: args[0] },
        runtime,
        prompter,
      );
    },
  },
  {
    name: 'logout',
    usage: `usage: ds-auth logout ${TARGET_USAGE} [--json]`,
    details: `  revokes the session on the portal (PAT logout by cookie, OAuth revocation) and forgets its profile and
  secret; the newest other profile becomes active\n\n${TARGET_DETAILS}`,
    options: TARGET,
    maxArgs: 0,
    async run({ values, runtime, progress }) {
      return (await lazy.account()).logout(targetFlags(values), runtime, progress);
    },
  },
  {
    name: 'apps list',
    usage: `usage: ds-auth apps [list] ${TARGET_USAGE} [--json]`,
    details: `  the OAuth apps this account may manage (all of the portal's for an admin), newest first; needs a PAT,
  Basic or a full-access API key (an OAuth token may not manage apps)\n\n${TARGET_DETAILS}`,
    options: TARGET,
    maxArgs: 0,
    async run({ values, runtime, progress }) {
      return (await lazy.apps()).appsList(targetFlags(values), runtime, progress);
    },
  },
  {
    name: 'apps register',
    usage: `usage: ds-auth apps register --name NAME --redirect-uri URI... --scope SCOPE... --website URL
                             [--description TEXT] [--allow-pkce] ${TARGET_USAGE} [--json]`,
    details: `  registers an OAuth app and prints its client id and client secret; the secret is shown only this once
  (ds-auth never keeps it)

  --redirect-uri URI      repeat it, or separate with commas (at most 12; any port on 127.0.0.1 matches)
  --scope SCOPE           repeat it, or separate with commas: e.g. files:read,accounts.self:read,openid
  --allow-pkce            also allow public clients (PKCE without the secret), as \`ds-auth login\` is

${TARGET_DETAILS}`,
    options: ['name', 'redirect-uri', 'scope', 'website', 'description', 'allow-pkce', ...TARGET],
    maxArgs: 0,
    async run({ values, runtime, progress }) {
      return (await lazy.apps()).appsRegister(
        {
          ...targetFlags(values),
          name: str(values.name),
          redirectUri: list(values['redirect-uri']),
          scope: list(values.scope),
          website: str(values.website),
          description: str(values.description),
          allowPkce: values['allow-pkce'] === true,
        },
        runtime,
        progress,
      );
    },
  },
  {
    name: 'apps rotate-secret',
    usage: `usage: ds-auth apps rotate-secret CLIENT_ID ${TARGET_USAGE} [--json]`,
    details: `  gives the app a new client secret, printed this once; the old one stops working at once\n\n${TARGET_DETAILS}`,
    options: TARGET,
    maxArgs: 1,
    async run({ values, args, runtime, progress }) {
      return (await lazy.apps()).appsRotateSecret(args[0], targetFlags(values), runtime, progress);
    },
  },
  {
    name: 'apps delete',
    usage: `usage: ds-auth apps delete CLIENT_ID [--yes] ${TARGET_USAGE} [--json]`,
    details: `  deletes the app with all its tokens and consents; asks first on a terminal, --yes does not ask\n\n${TARGET_DETAILS}`,
    options: ['yes', ...TARGET],
    maxArgs: 1,
    async run({ values, args, runtime, prompter, progress }) {
      return (await lazy.apps()).appsDelete(
        args[0],
        { ...targetFlags(values), yes: values.yes === true },
        runtime,
        prompter,
        progress,
      );
    },
  },
  {
    name: 'sessions list',
    usage: `usage: ds-auth sessions [list] ${TARGET_USAGE} [--json]`,
    details: `  the account's signed-in sessions (browsers, apps, personal access tokens), newest first; this CLI's
  own session is marked * when it signed in with --method pat\n\n${TARGET_DETAILS}`,
    options: TARGET,
    maxArgs: 0,
    async run({ values, runtime, progress }) {
      return (await lazy.sessions()).sessionsList(targetFlags(values), runtime, progress);
    },
  },
  {
    name: 'sessions end',
    usage: `usage: ds-auth sessions end ID ${TARGET_USAGE} [--json]`,
    details: `  ends one session (its token stops working); ending this CLI's own one signs its profile out\n\n${TARGET_DETAILS}`,
    options: TARGET,
    maxArgs: 1,
    async run({ values, args, runtime, progress }) {
      return (await lazy.sessions()).sessionsEnd(args[0], targetFlags(values), runtime, progress);
    },
  },
  {
    name: 'sessions end-others',
    usage: `usage: ds-auth sessions end-others ${TARGET_USAGE} [--json]`,
    details: `  signs out everywhere else: ends every session of the account but this CLI's own (with an API key or
  Basic, which are no session, every session ends)\n\n${TARGET_DETAILS}`,
    options: TARGET,
    maxArgs: 0,
    async run({ values, runtime, progress }) {
      return (await lazy.sessions()).sessionsEndOthers(targetFlags(values), runtime, progress);
    },
  },
  {
    name: 'demo',
    usage: 'usage: ds-auth demo [--json]',
    details: '  runs every method end to end and prints one row per method; exits 0 only if all worked',
    options: [],
    maxArgs: 0,
    async run({ values, runtime }) {
      return (await lazy.demo()).demo({ json: values.json === true }, runtime.io);
    },
  },
];

const GROUPS = ['apps', 'sessions'];

function helpOf(spec: CommandSpec): string {
  return `${spec.usage}\n\n${spec.details}\n\n${EXIT_CODES}\n`;
}

/** The spec for the positionals, and the positionals left for it. */
function findCommand(positionals: string[]): {
  spec?: CommandSpec;
  args: string[];
  group?: string;
  /** `ds-auth apps` alone: the group's default command (`list`). */
  bare?: boolean;
} {
  const [first, second, ...rest] = positionals;
  if (first === undefined) return { args: [] };
  if (GROUPS.includes(first)) {
    const sub = second ?? 'list';
    const spec = COMMANDS.find((candidate) => candidate.name === `${first} ${sub}`);
    return spec
      ? { spec, args: rest, group: first, bare: second === undefined }
      : { args: [sub], group: first };
  }
  const spec = COMMANDS.find((candidate) => candidate.name === first);
  return { spec, args: spec ? positionals.slice(1) : [first] };
}

function groupUsage(group: string): string {
  return COMMANDS.filter((spec) => spec.name.startsWith(`${group} `))
    .map((spec) => spec.usage)
    .join('\n');
}

/** Reads argv against the command's own flags; any other flag is a usage error that shows its usage. */
function parse(argv: string[]): {
  spec?: CommandSpec;
  args: string[];
  values: Values;
  group?: string;
  bare?: boolean;
} {
  const { tokens } = parseArgs({
    args: argv,
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const positionals = tokens.flatMap((token) => (token.kind === 'positional' ? [token.value] : []));
  const found = findCommand(positionals);
  const allowed = new Set<string>(['json', 'help', ...(found.spec?.options ?? [])]);
  const commandName = found.spec ? `ds-auth ${found.spec.name}` : 'ds-auth';
  const usage = found.spec?.usage ?? (found.group ? groupUsage(found.group) : USAGE.trimEnd());
  const fail = (message: string): CliError =>
    new CliError('ERR_CLI_USAGE', message, { usage, hint: `run \`${commandName} --help\` for its options` });
  // An unknown command is reported as such, whatever its flags.
  const check = found.spec !== undefined || positionals.length === 0;
  const values: Values = {};
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = OPTIONS[token.name as OptionName];
    if (!spec || !allowed.has(token.name)) {
      if (!check) continue;
      throw fail(`unknown flag ${token.rawName}${found.spec ? ` for ${commandName}` : ''}`);
    }
    if (spec.type === 'string') {
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))
        throw fail(`${token.rawName} needs a value`);
      if (spec.multiple)
        values[token.name as OptionName] = [...(list(values[token.name as OptionName]) ?? []), token.value];
      else if (values[token.name as OptionName] !== undefined) throw fail(`${token.rawName} is given twice`);
      else values[token.name as OptionName] = token.value;
    } else {
      if (token.inlineValue) throw fail(`${token.rawName} takes no value`);
      values[token.name as OptionName] = true;
    }
  }
  if (values.portal !== undefined && values.url !== undefined)
    throw fail('--url is another name for --portal: give one of them');
  return { ...found, values };
}

/** Runs `ds-auth` with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  let prompter: Prompter | undefined;
  let progress: Progress | undefined;
  let commandName: string | undefined;
  try {
    const parsed = parse(argv);
    const { spec, args, values, group } = parsed;
    if (spec) commandName = `ds-auth ${spec.name}`;
    if (!spec) {
      const [word] = args;
      if (word === undefined && !group) {
        const asked = values.help === true;
        (asked ? io.stdout : io.stderr).write(USAGE);
        if (!asked) return EXIT.usage;
        return EXIT.ok;
      }
      if (word === 'help' && !group) {
        const rest = argv.filter((arg) => arg !== 'help' && !arg.startsWith('-'));
        const target = rest.length ? findCommand(rest) : undefined;
        if (target?.bare) io.stdout.write(`${groupUsage(target.group!)}\n\n${EXIT_CODES}\n`);
        else if (target?.spec) io.stdout.write(helpOf(target.spec));
        else if (rest.length === 0) io.stdout.write(USAGE);
        else throw usageError(`unknown command "${rest.join(' ')}"`, USAGE.trimEnd());
        return EXIT.ok;
      }
      if (group)
        throw new CliError('ERR_CLI_USAGE', `unknown command "ds-auth ${group} ${word}"`, {
          usage: groupUsage(group),
          hint: `run \`ds-auth help ${group} <command>\` for one of them`,
        });
      throw new CliError('ERR_CLI_USAGE', `unknown command "${word}"`, {
        usage: USAGE.trimEnd(),
        hint: 'run `ds-auth --help` for the commands',
      });
    }
    if (values.help) {
      io.stdout.write(
        parsed.bare
          ? `${groupUsage(group!)}\n\nrun \`ds-auth help ${group} <command>\` for one of them.\n${EXIT_CODES}\n`
          : helpOf(spec),
      );
      return EXIT.ok;
    }
    if (args.length > spec.maxArgs)
      throw usageError(`unexpected argument "${args[spec.maxArgs]}"`, spec.usage);
    const runtime = createRuntime(io, json);
    progress = createProgress(io.stderr, !json);
    prompter = createPrompter(io.stdin, io.stderr);
    return await spec.run({ values, args, runtime, prompter, progress });
  } catch (error) {
    progress?.done();
    const failure = describeFailure(error);
    if (failure.code === 'ERR_CLI_USAGE' && commandName && failure.hint?.includes('<command>')) {
      failure.hint = `run \`${commandName} --help\` for its options`;
      failure.line = `error [${failure.code}]: ${failure.message} (hint: ${failure.hint})`;
    }
    if (json) {
      io.stdout.write(
        `${JSON.stringify({ error: { code: failure.code, message: failure.message, hint: failure.hint } })}\n`,
      );
    } else {
      const usage = error instanceof CliError && error.usage ? `\n${error.usage}\n` : '';
      io.stderr.write(`${failure.line}\n${usage}`);
    }
    return failure.exitCode;
  } finally {
    prompter?.close();
  }
}
