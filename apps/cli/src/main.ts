import { parseArgs } from 'node:util';
import { demo } from './commands/demo.js';
import { type CliIo, EXIT } from './io.js';

export type { CliIo } from './io.js';
export { EXIT } from './io.js';

const USAGE = `usage: ds-auth <command> [options]

commands:
  demo      authenticate with every available method and print who you are
            (against the embedded emulator unless DOCSPACE_URL is set)

options:
  --json    machine-readable output
  --help    show this help

exit codes: 0 ok, 1 a method or request failed, 2 usage error, 3 not authenticated
`;

/** Runs `ds-auth` with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr.write(`error: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const [command] = parsed.positionals;
  if (parsed.values.help || command === undefined || command === 'help') {
    (command === undefined && !parsed.values.help ? io.stderr : io.stdout).write(USAGE);
    return command === undefined && !parsed.values.help ? EXIT.usage : EXIT.ok;
  }
  switch (command) {
    case 'demo':
      return demo({ json: parsed.values.json === true }, io);
    default:
      io.stderr.write(`error: unknown command "${command}"\n\n${USAGE}`);
      return EXIT.usage;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
}
