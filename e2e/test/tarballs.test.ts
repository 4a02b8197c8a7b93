// The tarballs as users get them: downloaded from the registry the release script published to.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eContext } from '../src/context.js';
import { packagePath } from '../src/mirror.js';
import { cleanEnv, runOk } from '../src/process.js';

const context = e2eContext();

interface Packument {
  'dist-tags': Record<string, string>;
  versions: Record<string, { dist: { tarball: string } }>;
}

/** Every string an exports value can resolve to. */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(exportTargets);
}

describe.each(context.packages)('the published $name', ({ name, version }) => {
  it('is the real version, with LICENSE, README and CHANGELOG, and only shipped files in its manifest', async () => {
    const packument = (await (
      await fetch(new URL(packagePath(name), context.registryUrl))
    ).json()) as Packument;
    expect(packument['dist-tags'].latest).toBe(version);
    expect(version).not.toBe('0.0.0');
    const folder = join(context.base, 'tarballs', name.replace('/', '+'));
    await mkdir(folder, { recursive: true });
    const tarball = join(folder, 'package.tgz');
    await writeFile(
      tarball,
      Buffer.from(await (await fetch(packument.versions[version]!.dist.tarball)).arrayBuffer()),
    );
    const env = cleanEnv();
    const listing = (await runOk('tar', ['-tzf', tarball], { cwd: folder, env })).stdout.trim().split('\n');
    const files = listing.map((entry) => entry.replace(/^package\//, ''));
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']));
    expect(files.filter((file) => /^(src|test)\/|\.turbo|\.map$|tsbuildinfo|\.test\./.test(file))).toEqual(
      [],
    );

    await runOk('tar', ['-xzf', tarball], { cwd: folder, env });
    const root = join(folder, 'package');
    const manifestText = await readFile(join(root, 'package.json'), 'utf8');
    expect(manifestText).not.toContain('@ds/source');
    expect(manifestText).not.toContain('workspace:');
    const manifest = JSON.parse(manifestText);
    expect(manifest.version).toBe(version);
    expect(manifest.repository).toMatchObject({
      type: 'git',
      url: expect.stringMatching(/^git\+https:\/\//),
    });
    for (const target of exportTargets(manifest.exports))
      expect(files, target).toContain(target.replace(/^\.\//, ''));
    for (const bin of Object.values<string>(manifest.bin ?? {}))
      expect(files).toContain(bin.replace(/^\.\//, ''));
    for (const [dependency, range] of Object.entries<string>(manifest.dependencies ?? {})) {
      if (dependency.startsWith('@ds/')) {
        const published = context.packages.find((pkg) => pkg.name === dependency);
        expect(range, dependency).toBe(`^${published?.version}`);
      }
    }
    // No shipped file names a source map: the sources it would point at are not in the package.
    for (const file of files.filter((entry) => /\.(js|d\.ts)$/.test(entry))) {
      expect(await readFile(join(root, file), 'utf8'), file).not.toMatch(/sourceMappingURL=/);
    }
    const license = await readFile(join(root, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License/);
    expect(await readFile(join(root, 'CHANGELOG.md'), 'utf8')).toContain(`## ${version}`);
  });
});
