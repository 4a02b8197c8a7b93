import { createApiKeyAuth } from '@ds/auth-apikey';
import { fingerprint, parseBaseUrl } from '@ds/auth-core';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  optionalFunction,
  optionalNumber,
  optionalSignal,
  requireOptions,
  sleep,
} from '@ds/auth-core/strategy';
import { createAuthDispatcher } from '@ds/auth-core/undici';
import { Agent, type Dispatcher, interceptors } from 'undici';
import { explainFailure } from './explain-failure.js';
import { formatRun } from './format-run.js';
import { nextDelayMs } from './next-delay.js';
import { requestRooms } from './request-rooms.js';
import type { RoomsWorker, RoomsWorkerOptions, RunOutcome, WorkerLogger, WorkerResult } from './types.js';

const DAY_MS = 86_400_000;

/**
 * Starts a worker that lists the portal's rooms (`GET /api/2.0/files/rooms`) on a schedule, with an
 * API key applied by the undici auth interceptor.
 *
 * Runs never overlap (the next one is scheduled when the previous one has finished); 429, 5xx and
 * network errors back off (a `Retry-After` is honoured); a 403 is logged with a hint and the schedule
 * goes on; a 401 stops the worker (an API key cannot be refreshed). Every run logs one line, naming
 * the key only by its fingerprint.
 *
 * Throws `AuthConfigError` synchronously (`ERR_AUTH_INVALID_OPTION` or `ERR_AUTH_INSECURE_URL`) naming
 * the option: a bad `baseUrl`, a malformed `apiKey` (never quoted), an out-of-range number.
 *
 * @example
 * ```ts
 * const worker = createRoomsWorker({ baseUrl: 'https://portal.example.com', apiKey, signal });
 * const { reason, runs } = await worker.done;
 * ```
 * @see https://api.onlyoffice.com/docspace/api-backend/get-started/authentication/api-keys/
 */
export function createRoomsWorker(options: RoomsWorkerOptions): RoomsWorker {
  requireOptions(options, 'options');
  const allowInsecureHttp = options.allowInsecureHttp === true;
  const baseUrl = parseBaseUrl(options.baseUrl, { allowInsecureHttp });
  const strategy = createApiKeyAuth({ apiKey: options.apiKey });
  const intervalMs = optionalNumber(options.intervalMs, 'intervalMs', 1, DAY_MS) ?? 60_000;
  const maxBackoffMs = optionalNumber(options.maxBackoffMs, 'maxBackoffMs', 1, DAY_MS) ?? 600_000;
  const maxResponseBytes =
    optionalNumber(options.maxResponseBytes, 'maxResponseBytes', 1, 2 ** 31) ?? DEFAULT_MAX_RESPONSE_BYTES;
  const external = optionalSignal(options.signal);
  const onRun = optionalFunction<(outcome: RunOutcome) => void | Promise<void>>(options.onRun, 'onRun');
  const logger: WorkerLogger = options.logger ?? console;
  const now = (): number => options.clock?.now() ?? Date.now();
  const wait = (ms: number, signal: AbortSignal): Promise<void> =>
    options.clock?.sleep ? options.clock.sleep(ms, signal) : sleep(ms, signal);
  const secret = typeof options.apiKey === 'string' ? options.apiKey : options.apiKey.reveal();

  // Only an Agent the worker created is the worker's to close; yours stays open.
  const ownAgent =
    options.dispatcher === undefined
      ? new Agent({ headersTimeout: 30_000, bodyTimeout: 30_000, ...options.agent })
      : undefined;
  const base: Dispatcher = options.dispatcher ?? ownAgent!;
  // The auth dispatcher adds the key without compose()'s handler adapters; the redirect interceptor is
  // composed on top of it, so every hop is authenticated anew and a hop to another origin carries no
  // key. (Closing it would close `base`: the worker closes only its own Agent, below.)
  const dispatcher = createAuthDispatcher(strategy, { baseUrl, allowInsecureHttp, dispatcher: base }).compose(
    interceptors.redirect({ maxRedirections: 3 }),
  );

  const controller = new AbortController();
  const onAbort = (): void => controller.abort(external?.reason);
  if (external?.aborted) onAbort();
  else external?.addEventListener('abort', onAbort, { once: true });

  async function loop(): Promise<WorkerResult> {
    const signal = controller.signal;
    const keyFingerprint = await fingerprint(secret);
    let runs = 0;
    let failures = 0;
    let last: RunOutcome | undefined;
    while (!signal.aborted) {
      const run = runs + 1;
      let outcome: RunOutcome;
      try {
        const page = await requestRooms(dispatcher, { baseUrl, signal, now, maxResponseBytes });
        failures = 0;
        outcome = { run, ok: true, page, nextDelayMs: intervalMs };
      } catch (error) {
        if (signal.aborted) break; // cancelled by stop(), not a failure of the portal
        const failure = explainFailure(error, [secret]);
        failures = failure.action === 'backoff' ? failures + 1 : 0;
        const delay = nextDelayMs({ intervalMs, maxBackoffMs, failures, retryAfterMs: failure.retryAfterMs });
        outcome = {
          run,
          ok: false,
          error,
          failure,
          nextDelayMs: failure.action === 'stop' ? undefined : delay,
        };
      }
      if (options.once) outcome = { ...outcome, nextDelayMs: undefined };
      runs = run;
      last = outcome;
      log(logger, outcome, keyFingerprint);
      await onRun?.(outcome);
      if (!outcome.ok && outcome.failure.action === 'stop') return { reason: 'unauthorized', runs, last };
      if (options.once) return { reason: 'once', runs, last };
      try {
        await wait(outcome.nextDelayMs ?? intervalMs, signal);
      } catch {
        break; // the sleep was aborted: stop() or the signal
      }
    }
    return { reason: 'aborted', runs, last };
  }

  const done = loop().finally(async () => {
    external?.removeEventListener('abort', onAbort);
    await ownAgent?.close();
  });
  return {
    done,
    stop(): Promise<WorkerResult> {
      controller.abort();
      return done;
    },
  };
}

function log(logger: WorkerLogger, outcome: RunOutcome, keyFingerprint: string): void {
  const line = formatRun(outcome, keyFingerprint);
  if (outcome.ok) logger.info(line);
  else if (outcome.failure.action === 'backoff') logger.warn(line);
  else logger.error(line);
}
