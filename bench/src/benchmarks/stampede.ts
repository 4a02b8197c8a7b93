import { withAuth } from '@ds/auth-core';
import { createAuthDispatcher } from '@ds/auth-core/undici';
import { startEmulator } from '@ds/emulator';
import { Agent, fetch as undiciFetch } from 'undici';
import { alternate, column } from '../harness/alternate.js';
import { type BenchContext, type BenchResult, makeResult } from '../harness/result.js';
import { formatSummary, percentile, type Summary, summarize } from '../harness/stats.js';
import { type BatchSample, burst, fetchSender, requestSender, type Send } from '../stampede/batch.js';
import { createOAuthSession } from '../stampede/oauth-session.js';

/** One transport and burst size: a valid token against an expired one, over all rounds. */
export interface StampedeRow {
  transport: 'request+dispatcher' | 'fetch+withAuth';
  concurrency: number;
  /** Token requests per expired burst, one per round (target: all 1). */
  tokenRequests: number[];
  /** Token requests during bursts with a valid token (target: all 0). */
  tokenRequestsWhileValid: number[];
  validP50Ms: Summary;
  validP99Ms: Summary;
  expiredP50Ms: Summary;
  expiredP99Ms: Summary;
  /** Per round: expired minus valid, ms. */
  addedP50Ms: Summary;
  addedP99Ms: Summary;
  failures: number;
  meetsTarget: boolean;
}

/** What `stampede.json` holds besides the common fields. */
export interface StampedeData {
  oauth: string;
  rows: StampedeRow[];
}

const SETTINGS = {
  full: { sizes: [1_000, 10_000], connections: 64, minRounds: 3, maxRounds: 7, budgetMs: 45_000 },
  smoke: { sizes: [10, 30], connections: 4, minRounds: 1, maxRounds: 1, budgetMs: 1_000 },
};
const TRANSPORTS = ['request+dispatcher', 'fetch+withAuth'] as const;

/**
 * N concurrent requests on an expired OAuth token: how many token requests they cause (target 1)
 * and how much latency the refresh adds, against the same burst on a valid token (A/B rounds).
 */
export async function runStampede(context: BenchContext): Promise<BenchResult<StampedeData>> {
  const startedAt = performance.now();
  const settings = SETTINGS[context.scale];
  const emulator = await startEmulator({ rateLimit: false });
  const agent = new Agent({ connections: settings.connections });
  try {
    const { strategy, expire } = await createOAuthSession(emulator);
    const url = `${emulator.url}/api/2.0/people/@self`;
    const senders: Record<(typeof TRANSPORTS)[number], Send> = {
      'request+dispatcher': requestSender(
        createAuthDispatcher(strategy, { baseUrl: emulator.url, dispatcher: agent }),
        url,
      ),
      'fetch+withAuth': fetchSender(
        withAuth(
          (input, init) =>
            undiciFetch(input as string, {
              ...(init as object),
              dispatcher: agent,
            }) as unknown as Promise<Response>,
          strategy,
          { baseUrl: emulator.url, timeoutMs: 120_000 },
        ),
        url,
      ),
    };
    const keys = TRANSPORTS.flatMap((transport) =>
      settings.sizes.flatMap((size) => [`${transport}|${size}|valid`, `${transport}|${size}|expired`]),
    );
    for (const transport of TRANSPORTS) await burst(settings.sizes[0]!, senders[transport], () => 0); // warm up
    context.log(
      `stampede: bursts of ${settings.sizes.join(' and ')} requests, ${settings.connections} connections`,
    );
    const rounds = await alternate<BatchSample>(keys, settings, async (key) => {
      const [transport, size, state] = key.split('|') as [(typeof TRANSPORTS)[number], string, string];
      if (state === 'expired') await expire();
      return burst(Number(size), senders[transport], () => emulator.stats.tokenRequests);
    });
    const rows: StampedeRow[] = TRANSPORTS.flatMap((transport) =>
      settings.sizes.map((size) => {
        const valid = column(rounds, `${transport}|${size}|valid`);
        const expired = column(rounds, `${transport}|${size}|expired`);
        const p = (samples: BatchSample[], q: number) =>
          samples.map((sample) => percentile(sample.latencies, q));
        const added = (q: number) => p(expired, q).map((value, index) => value - p(valid, q)[index]!);
        const tokenRequests = expired.map((sample) => sample.tokenRequests);
        const tokenRequestsWhileValid = valid.map((sample) => sample.tokenRequests);
        return {
          transport,
          concurrency: size,
          tokenRequests,
          tokenRequestsWhileValid,
          validP50Ms: summarize(p(valid, 50), 2),
          validP99Ms: summarize(p(valid, 99), 2),
          expiredP50Ms: summarize(p(expired, 50), 2),
          expiredP99Ms: summarize(p(expired, 99), 2),
          addedP50Ms: summarize(added(50), 2),
          addedP99Ms: summarize(added(99), 2),
          failures: [...valid, ...expired].reduce((sum, sample) => sum + sample.failures, 0),
          meetsTarget:
            tokenRequests.every((count) => count === 1) && tokenRequestsWhileValid.every((c) => c === 0),
        };
      }),
    );
    return makeResult<StampedeData>(
      {
        name: 'stampede',
        title: 'Refresh stampede on an expired OAuth token',
        status: 'ok',
        settings: {
          ...settings,
          rounds: rounds.length,
          server: '@ds/emulator in-process (JWT checked per request)',
        },
        tables: [
          {
            title: 'Refresh stampede: token requests and added latency (ms, median (min-max) over rounds)',
            columns: [
              'transport',
              'concurrent',
              'token requests',
              'valid p50',
              'valid p99',
              'added p50',
              'added p99',
              'failed',
              'target 1',
            ],
            rows: rows.map((row) => [
              row.transport,
              String(row.concurrency),
              row.tokenRequests.join(','),
              formatSummary(row.validP50Ms, 1),
              formatSummary(row.validP99Ms, 1),
              formatSummary(row.addedP50Ms, 1),
              formatSummary(row.addedP99Ms, 1),
              String(row.failures),
              row.meetsTarget ? 'pass' : 'FAIL',
            ]),
          },
        ],
        notes: [
          'OAuth: @ds/auth-oauth createOAuthAuth (code + PKCE sign-in through the emulator, then rotating refresh tokens, client_secret_post)',
          '"expired": the client holds a token past its expiresAt, so every request waits for one refresh',
          'latency: from the burst start to the end of each response; added = expired minus valid in the same round',
        ],
        data: {
          oauth:
            '@ds/auth-core createTokenManager + refresh_token grant (bench/src/stampede/oauth-session.ts)',
          rows,
        },
      },
      context,
      startedAt,
    );
  } finally {
    await agent.close();
    await emulator.close();
  }
}
