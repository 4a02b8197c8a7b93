import { Agent } from 'undici';
import { alternate, column } from '../harness/alternate.js';
import { type BenchContext, type BenchResult, makeResult } from '../harness/result.js';
import { formatSummary, type Summary, summarize } from '../harness/stats.js';
import type { Table } from '../harness/table.js';
import { closedLoop, type LoadSample } from '../load.js';
import {
  createSenders,
  createStrategies,
  EXPECTED_SCHEME,
  TRANSPORTS,
  type Transport,
  VARIANTS,
  type Variant,
} from '../overhead/clients.js';
import { spawnApiServer } from '../servers/spawn-api-server.js';

/** The ratio the issue asks for: authenticated req/s over raw req/s. */
export const OVERHEAD_TARGET = 0.97;

/** One transport and variant, over all rounds. */
export interface OverheadRow {
  transport: Transport;
  variant: Variant;
  requestsPerSecond: Summary;
  cpuMicrosPerRequest: Summary;
  /** Per-round req/s of this variant over raw of the same round; `null` for raw itself. */
  ratio: Summary | null;
  /** Per-round raw client CPU per request over this variant's: the req/s ratio of a CPU-bound client. */
  cpuRatio: Summary | null;
  meetsTarget: boolean | null;
}

/** What `overhead.json` holds besides the common fields. */
export interface OverheadData {
  target: number;
  rounds: number;
  rows: OverheadRow[];
}

const SETTINGS = {
  full: { concurrency: 32, sliceMs: 500, warmupMs: 400, minRounds: 5, maxRounds: 20, budgetMs: 60_000 },
  smoke: { concurrency: 2, sliceMs: 40, warmupMs: 10, minRounds: 2, maxRounds: 2, budgetMs: 1_000 },
};

/**
 * Requests per second through each strategy's cached path against the same request without
 * authentication: same loopback server (another process), same undici Agent, A/B rounds.
 */
export async function runOverhead(context: BenchContext): Promise<BenchResult<OverheadData>> {
  const startedAt = performance.now();
  const settings = SETTINGS[context.scale];
  const server = await spawnApiServer();
  const agent = new Agent({ connections: settings.concurrency, keepAliveTimeout: 60_000 });
  try {
    const senders = createSenders(agent, server.url, await createStrategies(server.url));
    const keys = TRANSPORTS.flatMap((transport) => VARIANTS.map((variant) => `${transport}|${variant}`));
    const sender = (key: string) => {
      const [transport, variant] = key.split('|') as [Transport, Variant];
      return { send: senders[transport][variant], expected: EXPECTED_SCHEME[variant] };
    };
    for (const key of keys) {
      const { send, expected } = sender(key);
      const scheme = await send();
      if (scheme !== expected)
        throw new Error(`${key}: the server saw scheme "${scheme}", not "${expected}"`);
      await closedLoop(async () => void (await send()), {
        concurrency: settings.concurrency,
        durationMs: settings.warmupMs,
      });
    }
    context.log(
      `overhead: ${keys.length} variants, ${settings.sliceMs} ms slices, concurrency ${settings.concurrency}`,
    );
    const rounds = await alternate<LoadSample>(keys, settings, (key) => {
      const { send } = sender(key);
      return closedLoop(async () => void (await send()), {
        concurrency: settings.concurrency,
        durationMs: settings.sliceMs,
      });
    });
    const rows: OverheadRow[] = keys.map((key) => {
      const [transport, variant] = key.split('|') as [Transport, Variant];
      const samples = column(rounds, key);
      const raw = column(rounds, `${transport}|raw`);
      const paired = (value: (sample: LoadSample, base: LoadSample) => number): Summary | null =>
        variant === 'raw' ? null : summarize(samples.map((sample, index) => value(sample, raw[index]!)));
      const ratio = paired((sample, base) => sample.requestsPerSecond / base.requestsPerSecond);
      const cpuRatio = paired((sample, base) => base.cpuMicrosPerRequest / sample.cpuMicrosPerRequest);
      return {
        transport,
        variant,
        requestsPerSecond: summarize(
          samples.map((sample) => sample.requestsPerSecond),
          0,
        ),
        cpuMicrosPerRequest: summarize(
          samples.map((sample) => sample.cpuMicrosPerRequest),
          1,
        ),
        ratio,
        cpuRatio,
        meetsTarget: ratio === null ? null : ratio.median >= OVERHEAD_TARGET,
      };
    });
    return makeResult<OverheadData>(
      {
        name: 'overhead',
        title: 'Overhead of the cached path vs the raw transport',
        status: 'ok',
        settings: { ...settings, server: 'node:http in a child process on 127.0.0.1', rounds: rounds.length },
        tables: TRANSPORTS.map((transport) => overheadTable(transport, rows)),
        notes: [
          `ratio = req/s of the variant / req/s of raw in the same round; target >= ${OVERHEAD_TARGET}`,
          'client CPU = user + system time of this process per request (the server runs in another process); CPU ratio = raw CPU / variant CPU in the same round, the req/s ratio a CPU-bound client would see, and steadier than req/s on a shared machine',
        ],
        data: { target: OVERHEAD_TARGET, rounds: rounds.length, rows },
      },
      context,
      startedAt,
    );
  } finally {
    await agent.close();
    await server.close();
  }
}

function overheadTable(transport: Transport, rows: readonly OverheadRow[]): Table {
  return {
    title: `Overhead: ${transport === 'fetch+withAuth' ? 'undici.fetch + withAuth' : 'undici.request + createAuthInterceptor'}`,
    columns: [
      'variant',
      'req/s median (min-max)',
      'ratio vs raw',
      `>= ${OVERHEAD_TARGET}`,
      'client CPU us/req',
      'CPU ratio vs raw',
    ],
    rows: rows
      .filter((row) => row.transport === transport)
      .map((row) => [
        row.variant,
        formatSummary(row.requestsPerSecond),
        row.ratio === null ? '1' : formatSummary(row.ratio, 3),
        row.meetsTarget === null ? '' : row.meetsTarget ? 'pass' : 'FAIL',
        formatSummary(row.cpuMicrosPerRequest, 1),
        row.cpuRatio === null ? '1' : formatSummary(row.cpuRatio, 3),
      ]),
  };
}
