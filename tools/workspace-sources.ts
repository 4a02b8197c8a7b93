// Inside this repository, tests and bundles read the other packages' TypeScript sources instead of
// their built `dist`, so a change in one package is seen by the tests of another without a build.
// The published manifests point only at `dist`: this mapping lives here, never in a package.json.
// Each export `./dist/<path>.js` of a package in packages/ maps to `./src/<path>.ts`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGES = fileURLToPath(new URL('../packages/', import.meta.url));

interface Manifest {
  name: string;
  exports?: Record<string, string | { default?: string }>;
}

/** Every import specifier of a workspace package (`@ds/auth-core`, `@ds/auth-core/strategy`, `@ds/auth-core/node`, ...) and its source file. */
export function workspaceSources(): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const dir of readdirSync(PACKAGES)) {
    const manifestPath = join(PACKAGES, dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const built = typeof target === 'string' ? target : target.default;
      const match = built ? /^\.\/dist\/(.+)\.js$/.exec(built) : null;
      if (!match) continue;
      const source = join(PACKAGES, dir, 'src', `${match[1]}.ts`);
      if (!existsSync(source)) throw new Error(`${manifest.name}: ${built} has no source at ${source}`);
      sources[subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`] = source;
    }
  }
  return sources;
}

/** The same mapping as vite/vitest `resolve.alias` entries, each matching its specifier exactly. */
export function workspaceSourceAliases(): Array<{ find: RegExp; replacement: string }> {
  return [
    ...Object.entries(workspaceSources()).map(([specifier, replacement]) => ({
      find: new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
      replacement,
    })),
    ...undiciAliases(),
  ];
}

/**
 * With `DS_TEST_UNDICI=8` (test-all's Node 24 run), `undici` means undici 8: the aliased dev
 * dependency `undici8` of @ds/auth-core, for the sources and the tests alike. undici 8 needs
 * Node >= 22.19, so it is never loaded otherwise.
 */
export function undiciAliases(): Array<{ find: RegExp; replacement: string }> {
  if (process.env.DS_TEST_UNDICI !== '8') return [];
  const require = createRequire(join(PACKAGES, 'auth-core', 'package.json'));
  return [{ find: /^undici$/, replacement: require.resolve('undici8') }];
}
