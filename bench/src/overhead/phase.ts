import { Agent } from 'undici';
import { alternateGroups, type RoundPlan, type RoundSamples } from '../harness/alternate.js';
import { closedLoop, type LoadSample } from '../load.js';
import { spawnApiServer } from '../servers/spawn-api-server.js';
import {
  createSenders,
  createStrategies,
  EXPECTED_SCHEME,
  TRANSPORT_VARIANTS,
  TRANSPORTS,
  type Transport,
  type Variant,
} from './clients.js';

/** How one phase (one server) of the overhead benchmark runs. */
export interface PhasePlan extends RoundPlan {
  /** Milliseconds the server waits before answering each request. */
  latencyMs: number;
  variants: readonly Variant[];
  concurrency: number;
  sliceMs: number;
  warmupMs: number;
  /** Unmeasured load before each transport's turn in a round. */
  switchWarmupMs: number;
  /** Headers of the caller's own that every request sends (view d); none when absent. */
  callerHeaders?: Readonly<Record<string, string>> | undefined;
}

/** The key of one transport and variant in a phase's rounds. */
export const phaseKey = (transport: Transport, variant: Variant): string => `${transport}|${variant}`;

/**
 * Starts the API server (another process) with the phase's latency, checks that every variant reaches
 * it with the right scheme, warms each up, then runs A/B rounds of closed-loop load over one shared
 * undici Agent (one connection pool: raw and authenticated requests use the same client), one
 * transport's variants back to back in each round.
 */
export async function runPhase(
  plan: PhasePlan,
  log: (line: string) => void,
): Promise<RoundSamples<LoadSample>[]> {
  const server = await spawnApiServer({ latencyMs: plan.latencyMs });
  const agent = new Agent({ connections: plan.concurrency, keepAliveTimeout: 60_000 });
  try {
    const senders = createSenders(agent, server.url, await createStrategies(server.url), plan.callerHeaders);
    const groups = TRANSPORTS.map((transport) =>
      TRANSPORT_VARIANTS[transport]
        .filter((variant) => plan.variants.includes(variant))
        .map((variant) => phaseKey(transport, variant)),
    );
    const keys = groups.flat();
    const send = (key: string) => {
      const [transport, variant] = key.split('|') as [Transport, Variant];
      const sender = senders[transport][variant];
      if (sender === undefined) throw new Error(`${key}: no such variant`);
      return sender;
    };
    const load = (key: string, durationMs: number): Promise<LoadSample> =>
      closedLoop(async () => void (await send(key)()), { concurrency: plan.concurrency, durationMs });
    for (const key of keys) {
      const expected = EXPECTED_SCHEME[key.split('|')[1] as Variant];
      const scheme = await send(key)();
      if (scheme !== expected)
        throw new Error(`${key}: the server saw scheme "${scheme}", not "${expected}"`);
      await load(key, plan.warmupMs);
    }
    log(
      `overhead: server latency ${plan.latencyMs} ms, ${keys.length} variants, ${plan.sliceMs} ms slices, concurrency ${plan.concurrency}${plan.callerHeaders === undefined ? '' : ", the caller's own headers"}`,
    );
    // One transport at a time (they share the Agent), with an unmeasured warm-up slice when switching.
    return await alternateGroups<LoadSample>(
      groups,
      plan,
      (key) => load(key, plan.sliceMs),
      async (group) => void (await load(group[0]!, plan.switchWarmupMs)),
    );
  } finally {
    await agent.close();
    await server.close();
  }
}
