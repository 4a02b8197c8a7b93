// Every Usage example of every package README, as the installed package ships it, run from the
// installed packages the way its Install section says (TypeScript through tsx on Node 20), with
// its printed output compared to the output the README shows after it (none shown: none printed).
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extractExamples, matchOutput, type ReadmeExample } from '@ds/auth-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, redisSkipReason, startRedisServer } from '../../tools/redis-server.js';
import { consumerEnv } from '../src/consumer.js';
import { e2eContext, NODE24 } from '../src/context.js';
import { type InstalledEmulator, startInstalledEmulator } from '../src/installed-emulator.js';
import { run } from '../src/process.js';

const context = e2eContext();
const app = context.appDirectory;
const examplesDir = join(app, 'examples');

/** A Usage example that registers tests (the conformance suite) runs under vitest instead of tsx. */
const registersTests = (example: ReadmeExample): boolean =>
  /\brunStrategyConformance\(|from 'vitest'/.test(example.code);

const readmes = context.packages
  .map(({ name }) => {
    const path = join(app, 'node_modules', name, 'README.md');
    return { name, examples: existsSync(path) ? extractExamples(readFileSync(path, 'utf8'), 'Usage') : [] };
  })
  .filter((readme) => readme.examples.length > 0);

let emulator: InstalledEmulator;
let redis: RedisServer | undefined;

beforeAll(async () => {
  await mkdir(examplesDir, { recursive: true });
  emulator = await startInstalledEmulator(app, consumerEnv(context.npm));
  if (redisSkipReason === undefined) redis = await startRedisServer();
});

afterAll(async () => {
  await emulator?.stop();
  await redis?.stop();
});

function exampleEnv(): Record<string, string> {
  const admin = emulator.line.users.find((user) => user.role === 'owner') ?? emulator.line.users[0]!;
  const key = emulator.line.apiKeys.find((candidate) => candidate.name === 'full-access')!;
  return consumerEnv(context.npm, {
    DOCSPACE_URL: emulator.line.url,
    DOCSPACE_API_KEY: key.key,
    DOCSPACE_EMAIL: admin.email,
    DOCSPACE_PASSWORD: admin.password,
    ...(redis ? { REDIS_URL: redis.url } : {}),
  });
}

it('finds the Usage examples of every library package', () => {
  const withExamples = readmes.map((readme) => readme.name);
  for (const { name } of context.packages.filter((pkg) => pkg.name !== '@ds/auth-cli'))
    expect(withExamples).toContain(name);
});

// How the Install sections say to run a TypeScript example: tsx on Node 20; Node 24 strips the types itself.
const RUNNERS = [
  { runner: 'Node 20 with tsx', command: (file: string) => [join(app, 'node_modules', '.bin', 'tsx'), file] },
  { runner: 'Node 24', command: (file: string) => [NODE24, file] },
];

// Without redis-server (only outside CI: tools/redis-server.ts throws in CI) the examples that need one
// are left out, as the package suites skip their Redis tests, instead of waiting for a server that never comes.
const runnable = (example: ReadmeExample): boolean =>
  redisSkipReason === undefined || !example.code.includes('REDIS_URL');
const runnableReadmes = readmes
  .map((readme) => ({ ...readme, examples: readme.examples.filter(runnable) }))
  .filter((readme) => readme.examples.length > 0);

describe.each(runnableReadmes)('$name README', ({ name, examples }) => {
  it.each(
    examples.flatMap((example) =>
      RUNNERS.filter((runner) => runner.runner.includes('tsx') || !registersTests(example)).map((runner) => ({
        line: example.line,
        example,
        ...runner,
      })),
    ),
  )(
    'the example at line $line runs as written ($runner) and prints what the README shows',
    async ({ example, runner, command }) => {
      const stem = `${name.replace('@ds/', '')}-${example.line}-${runner.includes('tsx') ? 'node20' : 'node24'}`;
      if (registersTests(example)) {
        const file = join(examplesDir, `${stem}.test.ts`);
        const report = join(examplesDir, `${stem}.json`);
        await writeFile(file, example.code);
        const result = await run(
          'npx',
          [
            '--no-install',
            'vitest',
            'run',
            `examples/${stem}.test.ts`,
            '--reporter=json',
            `--outputFile=${report}`,
          ],
          { cwd: app, env: exampleEnv(), timeoutMs: 120_000 },
        );
        expect(result.code, result.stdout + result.stderr).toBe(0);
        const json = JSON.parse(await readFile(report, 'utf8'));
        expect(json.numFailedTests).toBe(0);
        expect(json.numPassedTests).toBeGreaterThan(0);
        return;
      }
      const file = join(examplesDir, `${stem}.ts`);
      await writeFile(file, example.code);
      const [program, ...args] = command(file);
      const result = await run(program!, args, {
        cwd: app,
        env: exampleEnv(),
        timeoutMs: 60_000,
      });
      await writeFile(join(examplesDir, `${stem}.out`), result.stdout); // kept with E2E_KEEP=1
      const printed = `${result.stdout}\n${result.stderr}`;
      expect(result.code, printed).toBe(0);
      expect(result.stderr).toBe('');
      expect(matchOutput(example.output ?? '', result.stdout), result.stdout).toBeUndefined();
      for (const secret of emulator.secrets) expect(printed).not.toContain(secret);
    },
  );
});
