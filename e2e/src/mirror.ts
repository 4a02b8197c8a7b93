// Puts third-party packages (jose, typescript, tsx, vitest, ...) into the local registry from the
// copies this workspace already installed, so the consumer projects install everything from
// 127.0.0.1. The dependency closure is read from pnpm's layout: a package's dependencies are
// linked beside it, in the `node_modules` folder that holds it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { cleanEnv, runOk } from './process.js';

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

/** One installed package: where it is and its manifest. */
export interface InstalledPackage {
  readonly directory: string;
  readonly manifest: Manifest;
}

/** The `node_modules` folders a package at `directory` resolves its dependencies from, nearest first. */
function lookupFolders(directory: string): string[] {
  const folders: string[] = [];
  let current = directory;
  for (;;) {
    const parent = dirname(current);
    if (parent === current) return folders;
    if (parent.endsWith(`${sep}node_modules`) || parent.endsWith(`${sep}node_modules${sep}.pnpm`))
      folders.push(parent);
    current = parent;
  }
}

function findInstalled(name: string, from: string): string | undefined {
  for (const folder of [join(from, 'node_modules'), ...lookupFolders(from)]) {
    const candidate = join(folder, name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
  }
  return undefined;
}

/**
 * Every package needed to install `roots` (names resolved from `from`), with its installed copy:
 * dependencies, optional dependencies that are installed on this platform, and peers that pnpm
 * linked. A missing required dependency is an error (the mirror would be incomplete).
 */
export function dependencyClosure(roots: readonly string[], from: string): InstalledPackage[] {
  const seen = new Map<string, InstalledPackage>();
  const visit = (name: string, base: string, required: boolean): void => {
    const directory = findInstalled(name, base);
    if (!directory) {
      if (required) throw new Error(`mirror: ${name} is not installed next to ${base}`);
      return;
    }
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as Manifest;
    const id = `${manifest.name}@${manifest.version}`;
    if (seen.has(id)) return;
    seen.set(id, { directory, manifest });
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, directory, true);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dep, directory, false);
    // Peers are followed where pnpm linked them; a required one is also reached as someone's dependency.
    for (const dep of Object.keys(manifest.peerDependencies ?? {})) visit(dep, directory, false);
  };
  for (const root of roots) visit(root, from, true);
  return [...seen.values()];
}

/** The registry path of a package name (`@scope%2fname`). */
export function packagePath(name: string): string {
  return name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
}

/**
 * Publishes one tarball the way `npm publish` does (a PUT of the packument with the tarball
 * attached), without spawning npm for each of the many mirrored packages.
 */
export async function publishTarball(
  registry: { url: string; token: string },
  manifest: Manifest,
  tarball: Buffer,
): Promise<void> {
  const file = `${manifest.name.replace(/^@[^/]+\//, '')}-${manifest.version}.tgz`;
  const version = {
    ...manifest,
    _id: `${manifest.name}@${manifest.version}`,
    dist: {
      shasum: createHash('sha1').update(tarball).digest('hex'),
      integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
      tarball: new URL(`${packagePath(manifest.name)}/-/${file}`, registry.url).href,
    },
  };
  const response = await fetch(new URL(packagePath(manifest.name), registry.url), {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${registry.token}` },
    body: JSON.stringify({
      _id: manifest.name,
      name: manifest.name,
      'dist-tags': { latest: manifest.version },
      versions: { [manifest.version]: version },
      _attachments: {
        [file]: {
          content_type: 'application/octet-stream',
          data: tarball.toString('base64'),
          length: tarball.length,
        },
      },
    }),
  });
  if (!response.ok) {
    throw new Error(
      `mirror: publishing ${manifest.name}@${manifest.version}: ${response.status} ${await response.text()}`,
    );
  }
}

/**
 * A tarball of an installed package folder, laid out as npm lays out its tarballs (`package/...`).
 * The folder holds exactly the published files (pnpm extracts tarballs as they are). pnpm links
 * files of equal content to one store file, so tar must write each as a file: npm skips hard-link
 * entries when it extracts.
 */
async function packFolder(directory: string, file: string): Promise<Buffer> {
  await runOk(
    'tar',
    [
      '-czf',
      file,
      '-C',
      directory,
      '--hard-dereference',
      '--exclude=./node_modules',
      '--owner=0',
      '--group=0',
      '--transform',
      's,^\\.,package,',
      '.',
    ],
    { cwd: directory, env: cleanEnv(), timeoutMs: 120_000 },
  );
  return readFile(file);
}

/**
 * Packs the installed copies of `roots` and their closure and publishes each to the registry.
 * Returns the `name@version` list.
 */
export async function mirrorInstalled(
  registry: { url: string; token: string },
  roots: readonly string[],
  options: { from: string; workDirectory: string },
): Promise<string[]> {
  const packages = dependencyClosure(roots, options.from);
  const destination = join(options.workDirectory, 'mirror');
  await mkdir(destination, { recursive: true });
  for (const [index, { directory, manifest }] of packages.entries()) {
    const tarball = await packFolder(directory, join(destination, `${index}.tgz`));
    await publishTarball(registry, manifest, tarball);
  }
  return packages.map((pkg) => `${pkg.manifest.name}@${pkg.manifest.version}`);
}
