import type { Clock, Secret } from '@ds/auth-core';
import type { Agent, Dispatcher } from 'undici';
import type { RunFailure } from './explain-failure.js';
import type { RoomsPage } from './parse-rooms.js';

/** Where the worker writes its one line per run. `console` fits. */
export interface WorkerLogger {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

/** Options for {@link createRoomsWorker}. */
export interface RoomsWorkerOptions {
  /** The portal, e.g. `https://example.onlyoffice.com`; https unless loopback or `allowInsecureHttp`. */
  baseUrl: string | URL;
  /** The API key (`sk-` + 64 hex). It is sent only to `baseUrl`'s origin and never logged. */
  apiKey: string | Secret;
  /** Time between the end of one run and the start of the next. Default 60 000. */
  intervalMs?: number | undefined;
  /** Cap of the exponential backoff after 429/5xx/network errors (a server's `Retry-After` may exceed it). Default 600 000. */
  maxBackoffMs?: number | undefined;
  /** Run once and resolve `done`, whatever the outcome. */
  once?: boolean | undefined;
  /** Aborting stops the worker: the request in flight is cancelled and `done` resolves. */
  signal?: AbortSignal | undefined;
  /** Default `console`. */
  logger?: WorkerLogger | undefined;
  /** Called after every run with what happened, before the worker waits for the next one. If it throws, `done` rejects. */
  onRun?: ((outcome: RunOutcome) => void | Promise<void>) | undefined;
  /** Options for the `Agent` the worker creates (default timeouts: 30 s for headers and body). */
  agent?: Agent.Options | undefined;
  /** A dispatcher to build on instead of a new `Agent` (a proxy, a test double). You close it. */
  dispatcher?: Dispatcher | undefined;
  /** Allow plain http to a host that is not loopback. */
  allowInsecureHttp?: boolean | undefined;
  /** `now()` and `sleep(ms, signal)`; tests inject one so they never wait. */
  clock?: Clock | undefined;
  /** Larger response bodies fail with `ERR_AUTH_RESPONSE_TOO_LARGE`. Default 10 MiB. */
  maxResponseBytes?: number | undefined;
}

/** What one run did. `nextDelayMs` is absent when the worker stops after this run. */
export type RunOutcome =
  | {
      readonly run: number;
      readonly ok: true;
      readonly page: RoomsPage;
      readonly nextDelayMs: number | undefined;
    }
  | {
      readonly run: number;
      readonly ok: false;
      /** The typed error (`AuthHttpError` with `code` `ERR_AUTH_*`), or undici's for a network failure. */
      readonly error: unknown;
      readonly failure: RunFailure;
      readonly nextDelayMs: number | undefined;
    };

/** Why and after how many runs the worker stopped. */
export interface WorkerResult {
  /** `aborted`: the signal or `stop()`; `once`: the single run of `once: true`; `unauthorized`: a 401. */
  readonly reason: 'aborted' | 'once' | 'unauthorized';
  /** Completed runs. */
  readonly runs: number;
  /** The last completed run. */
  readonly last: RunOutcome | undefined;
}

/** A running worker. */
export interface RoomsWorker {
  /** Resolves when the worker has stopped and closed its connections; nothing of it keeps the process alive after. */
  readonly done: Promise<WorkerResult>;
  /** Stops the worker (cancelling a request in flight) and resolves like `done`. */
  stop(): Promise<WorkerResult>;
}
