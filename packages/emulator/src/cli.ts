import { readFile } from 'node:fs/promises';
import { type Emulator, startEmulator } from './start-emulator.js';

const USAGE = `Usage: ds-emulator [--port N] [--seed FILE] [--json]

  --port N     port on 127.0.0.1 (default 0: any free port)
  --seed FILE  JSON seed with users, apiKeys and clients (see the README)
  --json       print one JSON line with the URL and every seeded credential
  --help       show this help`;

/** Parsed command line of `ds-emulator`. */
export interface CliArguments {
  port: number;
  seedFile?: string;
  json: boolean;
  help: boolean;
}

/** Parses `ds-emulator` arguments; throws a TypeError naming the bad flag. */
export function parseArguments(argv: readonly string[]): CliArguments {
  const out: CliArguments = { port: 0, json: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new TypeError(`"${flag}" needs a value`);
      return next;
    };
    if (flag === '--port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new TypeError('"--port" must be 0-65535');
      out.port = port;
    } else if (flag === '--seed') out.seedFile = value();
    else if (flag === '--json') out.json = true;
    else if (flag === '--help' || flag === '-h') out.help = true;
    else throw new TypeError(`unknown argument "${arg}"`);
  }
  return out;
}

/** The JSON line `--json` prints: the URL and every seeded credential. */
export function credentialsLine(emulator: Emulator): string {
  const { users, apiKeys, clients } = emulator.seed;
  return JSON.stringify({
    url: emulator.url,
    users: users.map((user) => ({
      email: user.email,
      password: user.password,
      role: user.role,
      tfa: user.tfa,
      ...(user.totpSecret ? { totpSecret: user.totpSecret, backupCodes: user.backupCodes } : {}),
      ...(user.phone ? { phone: user.phone } : {}),
    })),
    apiKeys: apiKeys.map((key) => ({
      name: key.name,
      key: key.key,
      user: key.user,
      permissions: key.permissions,
    })),
    clients: clients.map((client) => ({
      name: client.name,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      redirectUris: client.redirectUris,
      scopes: client.scopes,
      public: client.public,
    })),
  });
}

function humanSummary(emulator: Emulator): string {
  const lines = [`DocSpace emulator listening on ${emulator.url}`, '', 'Users:'];
  for (const user of emulator.seed.users) {
    lines.push(
      `  ${user.email}  password: ${user.password}  (${user.role}${user.tfa !== 'none' ? `, 2FA ${user.tfa}` : ''})`,
    );
    if (user.totpSecret)
      lines.push(`    TOTP secret: ${user.totpSecret}  backup codes: ${user.backupCodes?.join(' ')}`);
  }
  lines.push('API keys:');
  for (const key of emulator.seed.apiKeys)
    lines.push(
      `  ${key.name} (${key.user}, ${key.permissions.length ? key.permissions.join(' ') : 'full access'}): ${key.key}`,
    );
  lines.push('OAuth clients:');
  for (const client of emulator.seed.clients) {
    lines.push(`  ${client.name}${client.public ? ' (public, PKCE)' : ''}: client_id ${client.clientId}`);
    lines.push(`    client_secret ${client.clientSecret}  redirect ${client.redirectUris.join(' ')}`);
  }
  lines.push('', 'Press Ctrl+C to stop.');
  return lines.join('\n');
}

/**
 * Runs `ds-emulator`: starts the emulator and prints its credentials; resolves with the running emulator
 * (or null after `--help`).
 */
export async function runCli(
  argv: readonly string[],
  write: (text: string) => void,
): Promise<Emulator | null> {
  const args = parseArguments(argv);
  if (args.help) {
    write(USAGE + '\n');
    return null;
  }
  const seed = args.seedFile ? (JSON.parse(await readFile(args.seedFile, 'utf8')) as unknown) : undefined;
  const emulator = await startEmulator({
    port: args.port,
    ...(seed !== undefined ? { seed: seed as object } : {}),
  });
  write((args.json ? credentialsLine(emulator) : humanSummary(emulator)) + '\n');
  return emulator;
}
