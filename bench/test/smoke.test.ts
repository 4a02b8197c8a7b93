// Proves each benchmark still runs, with tiny counts. Never asserts a number: speed belongs to `pnpm bench`.
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCallback } from '../src/benchmarks/callback.js';
import { runOverhead } from '../src/benchmarks/overhead.js';
import { runSize } from '../src/benchmarks/size.js';
import { runStampede } from '../src/benchmarks/stampede.js';
import type { BenchContext, BenchResult } from '../src/harness/result.js';
import { formatTable, markdownTable } from '../src/harness/table.js';
import { runBenchmarks } from '../src/run.js';

let outDir: string;
let context: BenchContext;
const summary = {
  median: expect.any(Number),
  min: expect.any(Number),
  max: expect.any(Number),
  samples: expect.any(Array),
};

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'ds-bench-smoke-'));
  context = { scale: 'smoke', outDir: undefined, log: () => {} };
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

function expectCommonFields(result: BenchResult, name: string, status: 'ok' | 'pending'): void {
  expect(result).toMatchObject({
    name,
    status,
    scale: 'smoke',
    machine: {
      cpuModel: expect.any(String),
      cores: expect.any(Number),
      node: process.version,
      undici: expect.stringMatching(/^[78]\./),
      date: expect.any(String),
    },
    durationMs: expect.any(Number),
  });
  expect(result.tables.length).toBeGreaterThan(0);
  for (const table of result.tables) {
    for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
    expect(formatTable(table)).toContain(table.title);
    expect(markdownTable(table)).toContain(`| ${table.columns[0]} |`);
  }
}

/** The version a workspace package has now (it changes with every release). */
const versionOf = (dir: string): string =>
  JSON.parse(readFileSync(new URL(`../../packages/${dir}/package.json`, import.meta.url), 'utf8')).version;

describe('benchmarks at smoke scale', () => {
  it("overhead reports four views: vs raw, vs the same request without auth, vs raw on a server with latency, and with the caller's own headers", async () => {
    const result = await runOverhead({ ...context, latencyMs: 1 });
    expectCommonFields(result, 'overhead', 'ok');
    const strategies = ['basic', 'apikey', 'pat'];
    const undici = ['request+dispatcher', 'request+interceptor'];
    const rows = (view: string, transport: string, variants: string[]) =>
      variants.map((variant) => `${view}/${transport}/${variant}`);
    const byHand = strategies.map((strategy) => `${strategy} by hand`);
    // Views b and d: each strategy after its hand-written twin; the interceptor against the pass-through.
    const ownBaselineRows = (view: string) => {
      const twins = strategies.flatMap((strategy) => [`${strategy} by hand`, strategy]);
      return [
        ...rows(view, 'request+dispatcher', twins),
        ...rows(view, 'request+interceptor', ['passthrough', ...strategies]),
        ...rows(view, 'fetch+withAuth', twins),
      ];
    };
    expect(result.data.rows.map((row) => `${row.view}/${row.transport}/${row.variant}`)).toEqual([
      ...rows('a', 'request+dispatcher', ['raw', 'raw again', 'passthrough', ...strategies, ...byHand]),
      ...rows('a', 'request+interceptor', ['raw', 'raw again', 'passthrough', ...strategies]),
      ...rows('a', 'fetch+withAuth', ['raw', 'raw again', ...strategies, ...byHand]),
      ...ownBaselineRows('b'),
      ...[...undici, 'fetch+withAuth'].flatMap((transport) => rows('c', transport, ['raw', ...strategies])),
      ...ownBaselineRows('d'),
    ]);
    expect(result.data.rounds).toEqual({ loopback: 2, latency: 1, headers: 1 });
    expect(result.data.latencyMs).toBe(1);
    for (const row of result.data.rows) {
      const isBaseline = row.variant === row.baseline;
      const isStrategy = strategies.includes(row.variant);
      const expectedBaseline =
        row.view === 'a' || row.view === 'c'
          ? 'raw'
          : row.transport === 'request+interceptor'
            ? 'passthrough'
            : isStrategy
              ? `${row.variant} by hand`
              : row.variant;
      expect(row.baseline).toBe(expectedBaseline);
      expect(row.requestsPerSecond).toEqual(summary);
      expect(row.cpuMicrosPerRequest).toEqual(summary);
      expect(row.ratio).toEqual(isBaseline ? null : summary);
      expect(row.cpuRatio).toEqual(isBaseline ? null : summary);
      expect(row.addedCpuMicros).toEqual(isBaseline ? null : summary);
      expect(row.meetsTarget).toEqual(isStrategy ? expect.any(Boolean) : null);
    }
    // One summary row per view and transport (dispatcher, interceptor, withAuth).
    expect(result.tables[0]!.rows.map((row) => row[0])).toEqual([
      ...['(a) vs raw', '(a) vs raw', '(a) vs raw'],
      ...['(b) vs by hand', '(b) vs passthrough', '(b) vs by hand'],
      ...['(c) vs raw', '(c) vs raw', '(c) vs raw'],
      ...['(d) vs by hand', '(d) vs passthrough', '(d) vs by hand'],
    ]);
    // The A/A control is a column of views a and b (the same rounds), not of views c and d.
    const control = result.tables[0]!.rows.map((row) => row.at(-1));
    expect(control.slice(0, 6).every((cell) => /^\d\.\d{3}$/.test(String(cell)))).toBe(true);
    expect(control.slice(6)).toEqual(['', '', '', '', '', '']);
  });

  it('stampede counts token requests per expired burst and the added latency', async () => {
    const result = await runStampede(context);
    expectCommonFields(result, 'stampede', 'ok');
    expect(result.data.rows).toHaveLength(4);
    for (const row of result.data.rows) {
      expect(row).toMatchObject({
        validP50Ms: summary,
        validP99Ms: summary,
        addedP50Ms: summary,
        addedP99Ms: summary,
      });
      expect(row.tokenRequests).toEqual([1]); // single flight is behaviour, not speed
      expect(row.tokenRequestsWhileValid).toEqual([0]);
      expect(row.failures).toBe(0);
    }
  });

  it('callback measures handleCallback against openid-client on the loopback provider', async () => {
    const result = await runCallback(context);
    expectCommonFields(result, 'callback', 'ok');
    expect(result.data.rows.map((row) => row.variant)).toEqual([
      'auth-oidc',
      'openid-client',
      'openid-client (no JWS check)',
    ]);
    for (const row of result.data.rows) {
      const isBaseline = row.variant === 'openid-client';
      expect(row.callbacksPerSecond).toEqual(summary);
      expect(row.callbacksPerSecond.median).toBeGreaterThan(0); // callbacks completed, each one verified
      expect(row.cpuMicrosPerCallback).toEqual(summary);
      expect(row.ratio).toEqual(isBaseline ? null : summary);
      expect(row.cpuRatio).toEqual(isBaseline ? null : summary);
    }
    expect(result.data.rows[0]!.meetsTarget).toEqual(expect.any(Boolean));
  });

  it('size bundles every entry, imports each module cold and reports the budgets', async () => {
    const result = await runSize(context);
    expectCommonFields(result, 'size', 'ok');
    expect(result.data.rows.map((row) => row.name)).toEqual(
      expect.arrayContaining([
        'auth-core',
        'auth-basic',
        'auth-apikey',
        'auth-pat',
        'auth-oauth',
        'auth-oidc',
        'openid-client',
        'oauth4webapi',
        'simple-oauth2',
        'openid-client OIDC',
        'oauth4webapi OIDC',
      ]),
    );
    for (const row of result.data.rows) {
      expect(row.gzippedBytes).toBeGreaterThan(0);
      expect(row.minifiedBytes).toBeGreaterThan(row.gzippedBytes);
      if (row.specifier !== null) expect(row.coldImportMs).toEqual(summary);
    }
    const core = `@ds/auth-core@${versionOf('auth-core')}`;
    expect(result.data.rows.find((row) => row.name === 'auth-basic')!.runtimeDependencies).toEqual([core]);
    expect(result.data.rows.find((row) => row.name === 'auth-oidc')!.runtimeDependencies).toEqual(
      expect.arrayContaining([core, `@ds/auth-oauth@${versionOf('auth-oauth')}`, 'jose@6.2.18']),
    );
    expect(result.data.budgets.map((budget) => budget.label)).toEqual([
      'auth-core <= 5 KB',
      'auth-basic <= auth-core + 1 KB',
      'auth-apikey <= auth-core + 1 KB',
      'auth-oidc with its jose parts <= 10 KB',
      'auth-oidc (own code + jose) <= auth-oauth + 10 KB',
    ]);
    for (const budget of result.data.budgets) expect(budget.pass).toEqual(expect.any(Boolean));
  });

  it('writes <name>.json into the directory it is given, and nothing else', async () => {
    const lines: string[] = [];
    const [result] = await runBenchmarks({
      names: ['callback'],
      scale: 'smoke',
      outDir,
      log: (line) => lines.push(line),
    });
    expect(await readdir(outDir)).toEqual(['callback.json']);
    expect(JSON.parse(await readFile(join(outDir, 'callback.json'), 'utf8'))).toEqual(result);
    expect(lines.join('\n')).toContain('Callback + ID token');
  });
});
