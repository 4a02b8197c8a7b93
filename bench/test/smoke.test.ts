// Proves each benchmark still runs, with tiny counts. Never asserts a number: speed belongs to `pnpm bench`.
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

describe('benchmarks at smoke scale', () => {
  it('overhead reports req/s, client CPU and a ratio for every strategy on both transports', async () => {
    const result = await runOverhead(context);
    expectCommonFields(result, 'overhead', 'ok');
    expect(result.data.rows.map((row) => `${row.transport}/${row.variant}`)).toEqual([
      'request+interceptor/raw',
      'request+interceptor/basic',
      'request+interceptor/apikey',
      'request+interceptor/pat',
      'fetch+withAuth/raw',
      'fetch+withAuth/basic',
      'fetch+withAuth/apikey',
      'fetch+withAuth/pat',
    ]);
    for (const row of result.data.rows) {
      expect(row.requestsPerSecond).toEqual(summary);
      expect(row.cpuMicrosPerRequest).toEqual(summary);
      expect(row.ratio).toEqual(row.variant === 'raw' ? null : summary);
      expect(row.cpuRatio).toEqual(row.variant === 'raw' ? null : summary);
      expect(row.meetsTarget).toEqual(row.variant === 'raw' ? null : expect.any(Boolean));
    }
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

  it('callback is reported as pending until @ds/auth-oidc exists', async () => {
    const result = await runCallback(context);
    expectCommonFields(result, 'callback', 'pending');
    expect(result.data.pending).toMatch(/@ds\/auth-oidc/);
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
        'openid-client',
        'oauth4webapi',
        'simple-oauth2',
      ]),
    );
    for (const row of result.data.rows) {
      expect(row.gzippedBytes).toBeGreaterThan(0);
      expect(row.minifiedBytes).toBeGreaterThan(row.gzippedBytes);
      if (row.specifier !== null) expect(row.coldImportMs).toEqual(summary);
    }
    expect(result.data.rows.find((row) => row.name === 'auth-basic')!.runtimeDependencies).toEqual([
      '@ds/auth-core@0.0.0',
    ]);
    expect(result.data.budgets.map((budget) => budget.label)).toHaveLength(4);
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
