// Consumer projects: folders outside the workspace that install from the local registry with plain
// npm, their own cache and their own config, the way a user's project does.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanEnv, type RunResult, runOk } from './process.js';

/** Where the registry is and where npm keeps its files, shared by every consumer of one run. */
export interface NpmSetup {
  readonly registryUrl: string;
  /** The folder holding `npmrc` and the npm cache. */
  readonly directory: string;
}

/** Writes the npm config every consumer uses: only the local registry, a private cache, no audit. */
export async function writeNpmSetup(
  directory: string,
  registry: { url: string; token?: string },
): Promise<NpmSetup> {
  await mkdir(directory, { recursive: true });
  const host = new URL(registry.url).host;
  const lines = [
    `registry=${registry.url}`,
    `cache=${join(directory, 'cache')}`,
    'audit=false',
    'fund=false',
    'update-notifier=false',
    'loglevel=warn',
    'prefer-online=true',
  ];
  if (registry.token) lines.push(`//${host}/:_authToken=${registry.token}`);
  await writeFile(join(directory, 'npmrc'), `${lines.join('\n')}\n`);
  await writeFile(join(directory, 'globalnpmrc'), '');
  return { registryUrl: registry.url, directory };
}

/** The environment for npm, npx and node in a consumer: a clean shell plus this npm config. */
export function consumerEnv(setup: NpmSetup, extra: Record<string, string> = {}): Record<string, string> {
  return cleanEnv({
    npm_config_userconfig: join(setup.directory, 'npmrc'),
    npm_config_globalconfig: join(setup.directory, 'globalnpmrc'),
    ...extra,
  });
}

/** A new ESM project at `directory` with a package.json and nothing installed. */
export async function createProject(directory: string, name: string): Promise<string> {
  await mkdir(directory, { recursive: true });
  await writeFile(
    join(directory, 'package.json'),
    `${JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  return directory;
}

/** `npm <args>` in a consumer project. */
export function npm(
  setup: NpmSetup,
  cwd: string,
  args: readonly string[],
  timeoutMs = 300_000,
): Promise<RunResult> {
  return runOk('npm', args, { cwd, env: consumerEnv(setup), timeoutMs });
}
