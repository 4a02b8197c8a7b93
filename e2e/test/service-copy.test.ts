// apps/service as a user takes it: the folder copied out of the repository, its workspace
// dependencies replaced by the published versions, installed with plain npm, built and run
// against the emulator that @ds/emulator from the registry starts in-process.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { consumerEnv, npm } from '../src/consumer.js';
import { e2eContext } from '../src/context.js';
import { run } from '../src/process.js';

const context = e2eContext();
const SERVICE = fileURLToPath(new URL('../../apps/service/', import.meta.url));

describe('apps/service copied out of the repository', () => {
  it('installs from the registry, builds and lists the rooms of the emulator; a narrow key exits 4', async () => {
    const copy = join(context.base, 'service');
    await cp(SERVICE, copy, {
      recursive: true,
      filter: (source) => !/[/\\](node_modules|dist|\.turbo)([/\\]|$)/.test(source.slice(SERVICE.length - 1)),
    });
    // What its README tells a user to do: each workspace:^ becomes the published version.
    const manifestPath = join(copy, 'package.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    for (const field of ['dependencies', 'devDependencies']) {
      for (const [name, range] of Object.entries<string>(manifest[field] ?? {})) {
        if (!range.startsWith('workspace:')) continue;
        const published = context.packages.find((pkg) => pkg.name === name);
        expect(published, name).toBeDefined();
        manifest[field][name] = `^${published!.version}`;
      }
    }
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

    await npm(context.npm, copy, ['install']);
    await npm(context.npm, copy, ['run', 'build']);
    const env = consumerEnv(context.npm);
    const once = await run(process.execPath, ['bin/ds-service.js', '--once'], { cwd: copy, env });
    expect(once.code, once.stdout + once.stderr).toBe(0);
    expect(once.stdout).toMatch(/run 1: 2 rooms: "Contracts", "Marketing"/);
    const narrow = await run(process.execPath, ['bin/ds-service.js', '--once', '--key', 'narrow'], {
      cwd: copy,
      env,
    });
    expect(narrow.code).toBe(4);
    expect(narrow.stdout + narrow.stderr).toContain('ERR_AUTH_FORBIDDEN');
  });
});
