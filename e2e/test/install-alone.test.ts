// Each package installed by name alone into an empty project, with plain npm: its own dependencies
// must be enough for every entry point (the optional undici peer aside), and its bin must run.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consumerEnv, createProject, npm } from '../src/consumer.js';
import { e2eContext } from '../src/context.js';
import { runOk } from '../src/process.js';

const context = e2eContext();

describe.each(context.packages)('npm install $name, alone', ({ name }) => {
  it('installs a consistent tree, and every entry point loads', async () => {
    const project = await createProject(join(context.base, 'alone', name.replace('/', '+')), 'alone');
    await npm(context.npm, project, ['install', name]);
    await npm(context.npm, project, ['ls', '--all']); // exits non-zero on a missing or invalid dependency

    const manifest = JSON.parse(await readFile(join(project, 'node_modules', name, 'package.json'), 'utf8'));
    const subpaths = Object.keys(manifest.exports ?? {}).filter(
      (subpath) => subpath !== './package.json' && subpath !== './undici', // ./undici needs the optional peer
    );
    const specifiers = subpaths.map((subpath) => (subpath === '.' ? name : `${name}/${subpath.slice(2)}`));
    await writeFile(
      join(project, 'load.mjs'),
      specifiers
        .map(
          (specifier) =>
            `console.log(${JSON.stringify(specifier)}, Object.keys(await import(${JSON.stringify(specifier)})).length);`,
        )
        .join('\n'),
    );
    const loaded = await runOk(process.execPath, ['load.mjs'], {
      cwd: project,
      env: consumerEnv(context.npm),
    });
    for (const specifier of specifiers)
      expect(loaded.stdout).toMatch(new RegExp(`^${specifier} [1-9]\\d*$`, 'm'));

    for (const bin of Object.keys(manifest.bin ?? {})) {
      const help = await runOk('npx', ['--no-install', bin, '--help'], {
        cwd: project,
        env: consumerEnv(context.npm),
      });
      expect(help.stdout + help.stderr).toMatch(/usage/i);
    }
  });
});
