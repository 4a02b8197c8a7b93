import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function findPackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The transitive runtime dependencies (`dependencies` + `optionalDependencies`, not peers) of
 * `packages`, read from the installed package.json graph, as `name@version`.
 */
export function runtimeDependencies(packages: readonly string[], fromDir: string): string[] {
  const seen = new Set<string>();
  const visited = new Set<string>();
  const visit = (name: string, dir: string, isRoot: boolean): void => {
    const packageDir = findPackageDir(name, dir);
    if (packageDir === undefined) return;
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Manifest;
    const id = `${manifest.name}@${manifest.version}`;
    if (visited.has(id)) return;
    visited.add(id);
    if (!isRoot) seen.add(id);
    for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      visit(dependency, packageDir, false);
    }
  };
  for (const name of packages) visit(name, fromDir, true);
  return [...seen].sort();
}
