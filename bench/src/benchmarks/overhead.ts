import { column, type RoundPlan, type RoundSamples, withFixedRounds } from '../harness/alternate.js';
import { type BenchContext, type BenchResult, makeResult } from '../harness/result.js';
import { type Summary, summarize } from '../harness/stats.js';
import type { LoadSample } from '../load.js';
import {
  CALLER_HEADERS,
  ownBaseline,
  STRATEGIES,
  TRANSPORT_VARIANTS,
  TRANSPORTS,
  type Transport,
  VARIANTS,
  type Variant,
} from '../overhead/clients.js';
import { type PhasePlan, phaseKey, runPhase } from '../overhead/phase.js';
import {
  DISPATCHER_TARGET,
  OVERHEAD_TARGET,
  overheadTables,
  targetOf,
  VIEWS,
  type View,
} from '../overhead/tables.js';

export { DISPATCHER_TARGET, OVERHEAD_TARGET } from '../overhead/tables.js';

/** One transport and variant in one view, over all rounds of that view's phase. */
export interface OverheadRow {
  view: View;
  transport: Transport;
  variant: Variant;
  /** The variant the ratios divide by: `raw` (views a, c); in views b and d the same headers by hand (dispatcher, fetch) or the pass-through (interceptor). */
  baseline: Variant;
  requestsPerSecond: Summary;
  cpuMicrosPerRequest: Summary;
  /** Per round: req/s of this variant over the baseline's in the same round; `null` for the baseline. */
  ratio: Summary | null;
  /** Per round: baseline client CPU per request over this variant's: the req/s ratio of a CPU-bound client. */
  cpuRatio: Summary | null;
  /** Per round: this variant's client CPU per request minus the baseline's, microseconds. */
  addedCpuMicros: Summary | null;
  meetsTarget: boolean | null;
}

/** What `overhead.json` holds besides the common fields. */
export interface OverheadData {
  /** The target of the interceptor and withAuth rows. */
  target: number;
  /** The target of the dispatcher rows. */
  dispatcherTarget: number;
  /** Rounds of each phase: `loopback` (views a and b), `latency` (view c) and `headers` (view d). */
  rounds: { loopback: number; latency: number; headers: number };
  latencyMs: number;
  rows: OverheadRow[];
}

/** The phases with exactly `rounds` rounds each and no time budget, when `rounds` is given. */
function withRounds<T extends Record<string, RoundPlan>>(phases: T, rounds: number | undefined): T {
  if (rounds === undefined) return phases;
  const fixed = Object.entries(phases).map(([name, phase]) => [name, withFixedRounds(phase, rounds)]);
  return Object.fromEntries(fixed) as T;
}

/** A smoke-scale phase of one round (views c and d only need to prove they run). */
const SMOKE_ONE_ROUND = {
  concurrency: 2,
  sliceMs: 30,
  warmupMs: 10,
  switchWarmupMs: 5,
  minRounds: 1,
  maxRounds: 1,
  budgetMs: 1_000,
};

const SETTINGS = {
  full: {
    loopback: {
      concurrency: 32,
      sliceMs: 400,
      warmupMs: 300,
      switchWarmupMs: 150,
      // Single rounds range about +-0.1 on a shared 2-core machine: enough rounds for a steady median.
      minRounds: 8,
      maxRounds: 16,
      budgetMs: 130_000,
    },
    // 4 in flight: the server's delay, not the client's CPU, sets the pace (as for an app calling DocSpace).
    latency: {
      concurrency: 4,
      sliceMs: 400,
      warmupMs: 300,
      switchWarmupMs: 150,
      minRounds: 4,
      maxRounds: 10,
      budgetMs: 30_000,
    },
    // The caller's own headers: the rounds of (b) again, a shorter budget.
    headers: {
      concurrency: 32,
      sliceMs: 400,
      warmupMs: 300,
      switchWarmupMs: 150,
      minRounds: 4,
      maxRounds: 8,
      budgetMs: 45_000,
    },
  },
  smoke: {
    loopback: {
      concurrency: 2,
      sliceMs: 30,
      warmupMs: 10,
      switchWarmupMs: 5,
      minRounds: 2,
      maxRounds: 2,
      budgetMs: 1_000,
    },
    latency: SMOKE_ONE_ROUND,
    headers: SMOKE_ONE_ROUND,
  },
};

/** The rows of one view: for each transport, its variants paired with the baseline each divides by. */
function rowsOf(
  view: View,
  pairs: (transport: Transport) => ReadonlyArray<readonly [Variant, Variant]>,
  rounds: readonly RoundSamples<LoadSample>[],
): OverheadRow[] {
  return TRANSPORTS.flatMap((transport) =>
    pairs(transport).map(([variant, baseline]) => {
      const samples = column(rounds, phaseKey(transport, variant));
      const base = column(rounds, phaseKey(transport, baseline));
      const paired = (value: (sample: LoadSample, base: LoadSample) => number, digits = 4): Summary | null =>
        variant === baseline
          ? null
          : summarize(
              samples.map((sample, index) => value(sample, base[index]!)),
              digits,
            );
      const ratio = paired((sample, b) => sample.requestsPerSecond / b.requestsPerSecond);
      return {
        view,
        transport,
        variant,
        baseline,
        requestsPerSecond: summarize(
          samples.map((sample) => sample.requestsPerSecond),
          0,
        ),
        cpuMicrosPerRequest: summarize(
          samples.map((sample) => sample.cpuMicrosPerRequest),
          1,
        ),
        ratio,
        cpuRatio: paired((sample, b) => b.cpuMicrosPerRequest / sample.cpuMicrosPerRequest),
        addedCpuMicros: paired((sample, b) => sample.cpuMicrosPerRequest - b.cpuMicrosPerRequest, 1),
        // Pass-throughs and hand-written headers are shown for reference; the target is for strategies.
        meetsTarget:
          ratio === null || !(STRATEGIES as readonly string[]).includes(variant)
            ? null
            : ratio.median >= targetOf(transport),
      };
    }),
  );
}

/**
 * View (b): each strategy against its own transport without the auth layer: the interceptor's
 * pass-through row once; for the dispatcher and fetch each hand-written twin right before its strategy.
 */
function viewBPairs(transport: Transport): Array<readonly [Variant, Variant]> {
  const pairs: Array<readonly [Variant, Variant]> = [];
  for (const strategy of STRATEGIES) {
    const baseline = ownBaseline(transport, strategy);
    if (!pairs.some(([variant]) => variant === baseline)) pairs.push([baseline, baseline]);
    pairs.push([strategy, baseline]);
  }
  return pairs;
}

/** Whether a variant is measured on the server with latency (view c): raw and the strategies. */
const inLatencyPhase = (variant: Variant): boolean =>
  variant === 'raw' || (STRATEGIES as readonly string[]).includes(variant);

/**
 * Requests per second through each strategy's cached path, in four views measured in one run:
 * (a) vs the raw transport on a no-op loopback server, (b) vs the same request with the headers
 * written by hand or the same plumbing with a pass-through interceptor (the auth layer's own cost),
 * (c) vs raw on a server that waits `latencyMs` before answering (a server doing real work), (d) as
 * (b) with the caller sending headers of its own. Same undici Agent per phase, A/B rounds.
 */
export async function runOverhead(context: BenchContext): Promise<BenchResult<OverheadData>> {
  const startedAt = performance.now();
  const settings = withRounds(SETTINGS[context.scale], context.rounds);
  const latencyMs = context.latencyMs ?? 1;
  const loopbackPlan: PhasePlan = { ...settings.loopback, latencyMs: 0, variants: VARIANTS };
  const latencyPlan: PhasePlan = {
    ...settings.latency,
    latencyMs,
    variants: VARIANTS.filter(inLatencyPhase),
  };
  const headersPlan: PhasePlan = {
    ...settings.headers,
    latencyMs: 0,
    // Only what view d divides: the strategies and their baselines (by hand, the pass-through).
    variants: VARIANTS.filter((variant) => variant !== 'raw' && variant !== 'raw again'),
    callerHeaders: CALLER_HEADERS,
  };
  const loopback = await runPhase(loopbackPlan, context.log);
  const latency = await runPhase(latencyPlan, context.log);
  const headers = await runPhase(headersPlan, context.log);
  const rows: OverheadRow[] = [
    ...rowsOf(
      'a',
      (transport) => TRANSPORT_VARIANTS[transport].map((variant) => [variant, 'raw'] as const),
      loopback,
    ),
    ...rowsOf('b', viewBPairs, loopback),
    ...rowsOf(
      'c',
      (transport) =>
        TRANSPORT_VARIANTS[transport].filter(inLatencyPhase).map((variant) => [variant, 'raw'] as const),
      latency,
    ),
    ...rowsOf('d', viewBPairs, headers),
  ];
  return makeResult<OverheadData>(
    {
      name: 'overhead',
      title:
        "Overhead of the cached path: vs raw, vs the same request without the auth layer, on a server that does work, and with the caller's own headers",
      status: 'ok',
      settings: {
        loopback: loopbackPlan,
        latency: latencyPlan,
        headers: headersPlan,
        server: 'node:http in a child process on 127.0.0.1',
        rounds: { loopback: loopback.length, latency: latency.length, headers: headers.length },
        // --rounds: every view ran exactly this many rounds (its budgetMs, unlimited, is written as null).
        fixedRounds: context.rounds ?? null,
      },
      tables: overheadTables(rows, latencyMs),
      notes: [
        `ratio = req/s of the variant / req/s of the baseline in the same round; target >= ${DISPATCHER_TARGET} through createAuthDispatcher, >= ${OVERHEAD_TARGET} otherwise`,
        `views: ${VIEWS.map((view) => `(${view.id}) ${view.label(latencyMs)}`).join('; ')}`,
        'client CPU = user + system time of this process per request (the server runs in another process); added CPU = variant minus baseline in the same round, the absolute cost of the auth layer per request; CPU ratio = baseline CPU / variant CPU, the req/s ratio of a CPU-bound client',
        `views a and b come from the same rounds (${loopback.length}); view c from ${latency.length} rounds against a second server; view d from ${headers.length} rounds against a third, every request carrying ${Object.keys(CALLER_HEADERS).join(' and ')}`,
        'rounds run in mirrored pairs (A B C, then C B A, the start rotating each pair), so each variant runs before and after each other one equally often',
        '"raw again" is the raw request measured once more as if it were another variant: its ratio to raw (A/A) is how far apart two identical variants land in this run, the resolution of the other ratios',
      ],
      data: {
        target: OVERHEAD_TARGET,
        dispatcherTarget: DISPATCHER_TARGET,
        rounds: { loopback: loopback.length, latency: latency.length, headers: headers.length },
        latencyMs,
        rows,
      },
    },
    context,
    startedAt,
  );
}
