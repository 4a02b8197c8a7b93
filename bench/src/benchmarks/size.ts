import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { alternate, column } from '../harness/alternate.js';
import { type BenchContext, type BenchResult, makeResult } from '../harness/result.js';
import { formatSummary, type Summary, summarize } from '../harness/stats.js';
import { bundleSize } from '../size/bundle.js';
import { coldImportMs } from '../size/cold-import.js';
import { runtimeDependencies } from '../size/deps.js';
import { OUR_ENTRIES, PEER_ENTRIES, PEER_OIDC_ENTRIES, type SizeEntry } from '../size/entries.js';

/** One bundle with what it pulls in. */
export interface SizeRow {
  name: string;
  job: string;
  minifiedBytes: number;
  gzippedBytes: number;
  runtimeDependencies: string[];
  /** The module imported cold, and how long that took (ms); `null` for entries sharing a module. */
  specifier: string | null;
  coldImportMs: Summary | null;
}

/** A size budget from the issue, reported and never asserted. */
export interface Budget {
  label: string;
  actualBytes: number | null;
  limitBytes: number | null;
  pass: boolean | null;
}

/** What `size.json` holds besides the common fields. */
export interface SizeData {
  /** Always the built `dist`, as published. */
  source: 'dist';
  rows: SizeRow[];
  budgets: Budget[];
}

const benchDir = fileURLToPath(new URL('../..', import.meta.url));
const SPECIFIERS: Record<string, string> = {
  'auth-core': '@ds/auth-core',
  'auth-core/undici': '@ds/auth-core/undici',
  'auth-basic': '@ds/auth-basic',
  'auth-apikey': '@ds/auth-apikey',
  'auth-pat': '@ds/auth-pat',
  'auth-oauth': '@ds/auth-oauth',
  'auth-oidc': '@ds/auth-oidc',
  'openid-client': 'openid-client',
  oauth4webapi: 'oauth4webapi',
  'simple-oauth2': 'simple-oauth2',
};
const SETTINGS = {
  full: { minRounds: 5, maxRounds: 15, budgetMs: 25_000 },
  smoke: { minRounds: 1, maxRounds: 1, budgetMs: 1_000 },
};
const KB = 1024;

function distBuilt(): boolean {
  return ['auth-core', 'auth-basic', 'auth-apikey', 'auth-pat', 'auth-oauth', 'auth-oidc'].every((name) =>
    existsSync(fileURLToPath(new URL(`../../../packages/${name}/dist/index.js`, import.meta.url))),
  );
}

/**
 * Minified + gzipped size of each package's main use next to peer libraries doing the same job,
 * cold import time in fresh processes (A/B rounds), installed runtime dependency count, budgets.
 */
export async function runSize(context: BenchContext): Promise<BenchResult<SizeData>> {
  const startedAt = performance.now();
  const settings = SETTINGS[context.scale];
  // Bundles and imports come from the built dist, as users get them.
  if (!distBuilt()) throw new Error('size: the packages are not built (run "pnpm build" first)');
  const source = 'dist';
  const entries: SizeEntry[] = [...OUR_ENTRIES, ...PEER_ENTRIES, ...PEER_OIDC_ENTRIES];
  const sizes = new Map<string, { minified: number; gzipped: number }>();
  for (const entry of entries) sizes.set(entry.name, await bundleSize(entry, { resolveDir: benchDir }));

  const specifiers = entries
    .map((entry) => SPECIFIERS[entry.name])
    .filter((s): s is string => s !== undefined);
  context.log(
    `size: bundled ${entries.length} entries from ${source}; importing ${specifiers.length} modules cold`,
  );
  const rounds = await alternate(specifiers, settings, (specifier) => coldImportMs(specifier, benchDir));

  const rows: SizeRow[] = entries.map((entry) => {
    const specifier = SPECIFIERS[entry.name] ?? null;
    return {
      name: entry.name,
      job: entry.job,
      minifiedBytes: sizes.get(entry.name)!.minified,
      gzippedBytes: sizes.get(entry.name)!.gzipped,
      runtimeDependencies: runtimeDependencies(entry.packages, benchDir),
      specifier,
      coldImportMs: specifier === null ? null : summarize(column(rounds, specifier), 2),
    };
  });
  const gz = (name: string): number => rows.find((row) => row.name === name)!.gzippedBytes;
  const budget = (label: string, name: string, limitBytes: number): Budget => ({
    label,
    actualBytes: gz(name),
    limitBytes,
    pass: gz(name) <= limitBytes,
  });
  const budgets: Budget[] = [
    budget('auth-core <= 5 KB', 'auth-core', 5 * KB),
    budget('auth-basic <= auth-core + 1 KB', 'auth-basic', gz('auth-core') + KB),
    budget('auth-apikey <= auth-core + 1 KB', 'auth-apikey', gz('auth-core') + KB),
    budget('auth-oidc with its jose parts <= 10 KB', 'auth-oidc', 10 * KB),
    // The same budget read like the basic/apikey ones: what auth-oidc adds (its code + jose) over auth-oauth.
    budget('auth-oidc (own code + jose) <= auth-oauth + 10 KB', 'auth-oidc', gz('auth-oauth') + 10 * KB),
  ];
  const core = gz('auth-core');
  const bytes = (value: number): string => `${(value / KB).toFixed(2)} KB`;
  return makeResult<SizeData>(
    {
      name: 'size',
      title: 'Bundle size, cold import and dependencies',
      status: 'ok',
      settings: {
        ...settings,
        bundler: 'esbuild 0.28.2 (bundle, minify, tree-shake, esm, node20)',
        gzip: 9,
        source,
        rounds: rounds.length,
      },
      tables: [
        {
          title: 'Size of the main use (esbuild, minified + gzip -9)',
          columns: ['bundle', 'does', 'minified', 'min+gz', 'vs auth-core', 'runtime deps'],
          rows: [
            ...rows.map((row) => [
              row.name,
              row.job,
              bytes(row.minifiedBytes),
              bytes(row.gzippedBytes),
              row.name.startsWith('auth-')
                ? `${row.gzippedBytes >= core ? '+' : ''}${bytes(row.gzippedBytes - core)}`
                : '',
              String(row.runtimeDependencies.length),
            ]),
          ],
        },
        {
          title: 'Cold import in a fresh process (ms, median (min-max))',
          columns: ['module', 'import ms'],
          rows: rows
            .filter((row) => row.coldImportMs !== null)
            .map((row) => [row.specifier!, formatSummary(row.coldImportMs!, 1)]),
        },
        {
          title: 'Budgets (reported, not asserted)',
          columns: ['budget', 'actual', 'limit', 'result'],
          rows: budgets.map((entry) => [
            entry.label,
            entry.actualBytes === null ? '' : bytes(entry.actualBytes),
            entry.limitBytes === null ? '' : bytes(entry.limitBytes),
            entry.pass ? 'pass' : 'FAIL',
          ]),
        },
      ],
      notes: [
        'bundled from the built dist (as published); 1 KB = 1024 bytes',
        'auth-core/undici leaves undici out (an optional peer the user installs); everything else is bundled',
        'auth-oauth and the peers do the same job: authorization URL with PKCE, code exchange, refresh (auth-oauth: createOAuthAuth refreshes inside authenticate())',
        `auth-oidc and the "OIDC" peers do the same sign-in, the ID-token signature included (openid-client: enableNonRepudiationChecks; oauth4webapi: validateApplicationLevelSignature); the auth-oidc bundle holds auth-oauth, auth-core and the jose parts it uses (${bytes(gz('auth-oidc') - gz('auth-oauth'))} over the auth-oauth bundle)`,
        'runtime deps: transitive dependencies + optionalDependencies from the installed package.json graph',
        'cold import: import() time in a fresh node process, without Node start-up; modules alternate A B A B',
      ],
      data: { source, rows, budgets },
    },
    context,
    startedAt,
  );
}
