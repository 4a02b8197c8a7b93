import { alternate, column, withFixedRounds } from '../harness/alternate.js';
import { type BenchContext, type BenchResult, makeResult } from '../harness/result.js';
import { formatSummary, type Summary, summarize } from '../harness/stats.js';
import {
  CALLBACK_VARIANTS,
  type CallbackVariant,
  createHandlers,
  createOurClient,
  createPool,
} from '../callback/clients.js';
import { closedLoop, type LoadSample } from '../load.js';
import { spawnOidcServer } from '../servers/spawn-api-server.js';

/** Target: our callbacks per second over openid-client's (with the ID-token signature checked). */
export const CALLBACK_TARGET = 1.2;
/** The variant the ratio divides by: openid-client doing the same work as ours. */
const BASELINE: CallbackVariant = 'openid-client';

/** One relying party over all rounds. */
export interface CallbackRow {
  variant: CallbackVariant;
  callbacksPerSecond: Summary;
  cpuMicrosPerCallback: Summary;
  /** Per round: callbacks/s over openid-client's in the same round; `null` for openid-client itself. */
  ratio: Summary | null;
  /** Per round: openid-client's client CPU per callback over this variant's. */
  cpuRatio: Summary | null;
  meetsTarget: boolean | null;
}

/** What `callback.json` holds besides the common fields. */
export interface CallbackData {
  target: number;
  rounds: number;
  rows: CallbackRow[];
}

const SETTINGS = {
  full: {
    pool: 256,
    concurrency: 8,
    sliceMs: 1_000,
    warmupMs: 800,
    minRounds: 4,
    maxRounds: 10,
    budgetMs: 30_000,
  },
  smoke: { pool: 4, concurrency: 2, sliceMs: 60, warmupMs: 20, minRounds: 2, maxRounds: 2, budgetMs: 1_000 },
};

/**
 * `handleCallback` (authorization-code exchange + full ID-token verification, strict mode) of
 * `@ds/auth-oidc` against openid-client 6.9.0 doing the same flow: same loopback provider (another
 * process), same pre-generated codes, same global fetch, A/B rounds of closed-loop load.
 */
export async function runCallback(context: BenchContext): Promise<BenchResult<CallbackData>> {
  const startedAt = performance.now();
  // --rounds: exactly that many rounds, whatever the time budget (budgetMs is then written as null).
  const settings = withFixedRounds(SETTINGS[context.scale], context.rounds);
  const server = await spawnOidcServer();
  try {
    const ours = await createOurClient(server.url);
    const pool = await createPool(ours, settings.pool);
    const handlers = await createHandlers(server.url, ours);
    const expectedSub = (await handlers[BASELINE](pool[0]!)) as string;
    const load = (variant: CallbackVariant, durationMs: number): Promise<LoadSample> => {
      let next = 0;
      return closedLoop(
        async () => {
          const sub = await handlers[variant](pool[next++ % pool.length]!);
          if (sub !== expectedSub) throw new Error(`${variant}: verified sub "${sub}"`);
        },
        { concurrency: settings.concurrency, durationMs },
      );
    };
    for (const variant of CALLBACK_VARIANTS) await load(variant, settings.warmupMs);
    context.log(
      `callback: ${CALLBACK_VARIANTS.length} relying parties, ${settings.pool} codes, ${settings.sliceMs} ms slices, concurrency ${settings.concurrency}`,
    );
    const rounds = await alternate<LoadSample>(CALLBACK_VARIANTS, settings, (variant) =>
      load(variant as CallbackVariant, settings.sliceMs),
    );
    const base = column(rounds, BASELINE);
    const rows: CallbackRow[] = CALLBACK_VARIANTS.map((variant) => {
      const samples = column(rounds, variant);
      const ratio =
        variant === BASELINE
          ? null
          : summarize(samples.map((s, i) => s.requestsPerSecond / base[i]!.requestsPerSecond));
      const cpuRatio =
        variant === BASELINE
          ? null
          : summarize(samples.map((s, i) => base[i]!.cpuMicrosPerRequest / s.cpuMicrosPerRequest));
      return {
        variant,
        callbacksPerSecond: summarize(
          samples.map((s) => s.requestsPerSecond),
          0,
        ),
        cpuMicrosPerCallback: summarize(
          samples.map((s) => s.cpuMicrosPerRequest),
          1,
        ),
        ratio,
        cpuRatio,
        meetsTarget: ratio === null ? null : ratio.median >= CALLBACK_TARGET,
      };
    });
    return makeResult<CallbackData>(
      {
        name: 'callback',
        title: 'Callback and ID-token verification vs openid-client 6.9.0',
        status: 'ok',
        settings: {
          ...settings,
          rounds: rounds.length,
          fixedRounds: context.rounds ?? null,
          server:
            'oidc-server.ts: strict loopback OpenID Provider in a child process (ES256, aud = client id)',
        },
        tables: [
          {
            title: 'Callback + ID token: handleCallback vs openid-client (callbacks/s, median (min-max))',
            columns: [
              'relying party',
              'callbacks/s',
              `ratio vs ${BASELINE}`,
              `target >= ${CALLBACK_TARGET.toFixed(1)}`,
              'client CPU us/callback',
              'CPU ratio',
            ],
            rows: rows.map((row) => [
              row.variant === 'auth-oidc' ? '@ds/auth-oidc (strict)' : row.variant,
              formatSummary(row.callbacksPerSecond),
              row.ratio === null ? '1' : formatSummary(row.ratio, 3),
              row.variant === 'auth-oidc' ? (row.meetsTarget ? 'pass' : 'FAIL') : '',
              formatSummary(row.cpuMicrosPerCallback, 1),
              row.cpuRatio === null ? '1' : formatSummary(row.cpuRatio, 3),
            ]),
          },
        ],
        notes: [
          'one callback = callback URL checks (state, iss) + code exchange at the token endpoint (client_secret_post, PKCE) + ID-token verification (ES256 signature, iss, aud, exp, iat, nonce)',
          'openid-client verifies the ID-token signature only with enableNonRepudiationChecks (used for the ratio); "no JWS check" is its default, which checks the claims but trusts the signature of a token received from the token endpoint',
          `the provider signs every ID token at /authorize before the measured loop; ${settings.pool} codes are redeemed in turn, the same for every library`,
          'ratio = callbacks/s / openid-client callbacks/s in the same round; client CPU = this process per callback (the provider runs in another); CPU ratio = openid-client CPU / this CPU, the ratio of a CPU-bound server',
        ],
        data: { target: CALLBACK_TARGET, rounds: rounds.length, rows },
      },
      context,
      startedAt,
    );
  } finally {
    await server.close();
  }
}
