// Once per run: a local registry, the third-party packages the consumers need mirrored into it,
// every @ds package published to it with the release script, and one consumer project ("app")
// that installs all of them from it. The test files then use the registry like users do.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { consumerEnv, createProject, npm, writeNpmSetup } from './consumer.js';
import { mirrorInstalled } from './mirror.js';
import { runOk } from './process.js';
import { startRegistry } from './registry.js';

/** What every test file gets through `inject('e2e')`. */
export interface E2eContext {
  /** Scratch folder of this run (outside the workspace). */
  base: string;
  registryUrl: string;
  /** Folder of the npm config (`npmrc`) and cache. */
  npmDirectory: string;
  /** The consumer project with every package and the tools installed. */
  appDirectory: string;
  /** Every published @ds package: name, version, folder in the repository. */
  packages: Array<{ name: string; version: string; directory: string }>;
  /** The third-party packages mirrored into the registry, `name@version`. */
  mirrored: string[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eContext;
  }
}

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const E2E = fileURLToPath(new URL('../', import.meta.url));
/** What the consumers install besides the @ds packages (all declared in e2e/package.json). */
export const TOOLS = ['jose', 'undici', 'typescript', '@types/node', 'tsx', 'ioredis', 'vitest'] as const;
/**
 * Mirrored too: undici 8 (the dev dependency `undici8` is an alias of it), for the project already on
 * undici 8, and the keychain binding that `@ds/auth-cli` installs as an optional dependency.
 */
const MIRRORED = [...TOOLS, 'undici8', '@napi-rs/keyring'];

function publicPackages(): E2eContext['packages'] {
  return ['packages', 'apps'].flatMap((group) =>
    readdirSync(join(REPO, group))
      .map((dir) => join(REPO, group, dir))
      .filter((directory) => existsSync(join(directory, 'package.json')))
      .map((directory) => ({
        directory,
        manifest: JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')),
      }))
      .filter(({ manifest }) => !manifest.private)
      .map(({ directory, manifest }) => ({ name: manifest.name, version: manifest.version, directory })),
  );
}

function toolSpec(name: string): string {
  const manifest = JSON.parse(readFileSync(join(E2E, 'package.json'), 'utf8'));
  return `${name}@${manifest.devDependencies[name]}`;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const base = await mkdtemp(join(tmpdir(), 'ds-auth-e2e-'));
  const registry = await startRegistry(join(base, 'registry'));
  const teardown = async (): Promise<void> => {
    await registry.close();
    if (!process.env.E2E_KEEP) await rm(base, { recursive: true, force: true });
  };
  try {
    const started = Date.now();
    const mirrored = await mirrorInstalled(registry, MIRRORED, { from: E2E, workDirectory: base });
    const mirroredAt = Date.now();
    const setupNpm = await writeNpmSetup(join(base, 'npm'), registry);

    // The release script, exactly as a maintainer runs it, pointed at the local registry (no git tags).
    await runOk('pnpm', ['run', 'release', '--no-git-tag'], {
      cwd: REPO,
      // The consumers' npm config, but this process's PATH: the release needs the pinned pnpm and turbo.
      env: {
        ...consumerEnv(setupNpm, { npm_config_registry: registry.url, TURBO_TELEMETRY_DISABLED: '1' }),
        PATH: process.env.PATH ?? '',
      },
      timeoutMs: 600_000,
    });
    const releasedAt = Date.now();

    const packages = publicPackages();
    const appDirectory = await createProject(join(base, 'app'), 'e2e-app');
    await npm(setupNpm, appDirectory, [
      'install',
      ...packages.map((pkg) => pkg.name),
      ...TOOLS.map(toolSpec),
    ]);
    console.log(
      `e2e: registry ${registry.url}; mirrored ${mirrored.length} packages in ${mirroredAt - started} ms; ` +
        `released ${packages.length} in ${releasedAt - mirroredAt} ms; app installed in ${Date.now() - releasedAt} ms`,
    );
    project.provide('e2e', {
      base,
      registryUrl: registry.url,
      npmDirectory: setupNpm.directory,
      appDirectory,
      packages,
      mirrored,
    });
  } catch (error) {
    console.error(registry.log().slice(-4000));
    await teardown();
    throw error;
  }
  return teardown;
}
