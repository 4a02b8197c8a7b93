import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';
import { sameCredentials } from '../credential-headers.js';
import type { AuthStrategy, Credentials } from '../types.js';
import { assertCredentials, authenticateOptions } from './auth-exchange.js';
import { abortError } from './exchange-controller.js';
import { withCredentialHeaders } from './request-headers.js';

/** A 401 body larger than this is not held for a retry: it goes to the caller as it is. */
const HOLD_LIMIT = 64 * 1024;

/**
 * The handler protocol undici's core speaks and that `undici.request` and `undici.fetch` still hand
 * to their dispatcher (`onConnect`, `onHeaders`, `onData`, `onComplete`, `onError`, ...).
 */
export type LegacyHandler = Pick<
  Dispatcher.DispatchHandler,
  | 'onConnect'
  | 'onHeaders'
  | 'onData'
  | 'onComplete'
  | 'onError'
  | 'onUpgrade'
  | 'onResponseStarted'
  | 'onBodySent'
> & { onRequestSent?(): void };

/** Whether `handler` speaks only the legacy protocol (no `onRequestStart` and friends). */
export function isLegacyHandler(handler: Dispatcher.DispatchHandler): boolean {
  return typeof handler.onRequestStart !== 'function' && typeof handler.onHeaders === 'function';
}

/** A 401 answer kept from the caller until the strategy has said whether fresh credentials exist. */
interface Held {
  statusCode: number;
  rawHeaders: Buffer[];
  resume: () => void;
  statusText: string;
  chunks: Buffer[];
  size: number;
  /** The 401 was too big to read to its end: its connection is paused while the strategy decides. */
  paused: boolean;
  /** The 401 has been read to its end (or failed): `trailers` or `error` is its outcome. */
  ended: boolean;
  trailers: string[] | null;
  error: Error | null;
}

/**
 * One request with cached credentials for a strategy that can refresh, spoken in the legacy handler
 * protocol so it goes to the dispatcher without undici's handler adapters (this object is the first
 * attempt's handler). The request is sent at once. A 401 is held back from the caller, read to its
 * end (or paused past 64 KiB), and the strategy invalidates those credentials: fresh ones are sent
 * once more (a paused 401's connection is dropped), the same ones let the held 401 through as it
 * came. The caller sees one `onConnect`, with an abort that reaches whichever attempt is live or
 * ends the request while the strategy is deciding.
 */
export class LegacyExchange implements LegacyHandler {
  readonly #dispatch: Dispatcher.Dispatch;
  readonly #options: Dispatcher.DispatchOptions;
  readonly #strategy: AuthStrategy;
  readonly handler: LegacyHandler;
  #credentials: Credentials;
  /** The abort of the live attempt's connection; `null` while none is live. */
  #abort: ((reason?: Error) => void) | null = null;
  #connected = false;
  #retried = false;
  #held: Held | null = null;
  #finished = false;
  #reason: Error | null = null;

  constructor(
    dispatch: Dispatcher.Dispatch,
    options: Dispatcher.DispatchOptions,
    handler: LegacyHandler,
    strategy: AuthStrategy,
    credentials: Credentials,
  ) {
    this.#dispatch = dispatch;
    this.#options = options;
    this.handler = handler;
    this.#strategy = strategy;
    this.#credentials = credentials;
  }

  /** Sends the first attempt; returns what the dispatcher returned. */
  start(): boolean {
    return this.#send(this);
  }

  /** Whether events of the attempt (`this` for the first, a `RetryAttempt` for the second) still count. */
  isLive(attempt: LegacyHandler): boolean {
    return !this.#finished && (attempt === this) !== this.#retried;
  }

  /** An attempt connected: its abort becomes the live one; the caller hears of the first only. */
  connect(abort: (reason?: Error) => void, context: unknown): void {
    if (this.#reason !== null) {
      abort(this.#reason);
      return;
    }
    this.#abort = abort;
    if (this.#connected) return;
    this.#connected = true;
    (this.handler.onConnect as ((abort: (reason?: Error) => void, context?: unknown) => void) | undefined)?.(
      this.#callerAbort,
      context,
    );
  }

  /** The live attempt has ended (completed, failed or upgraded): nothing more reaches the caller. */
  end(): void {
    this.#finished = true;
    this.#abort = null;
  }

  onConnect(abort: (reason?: Error) => void, context?: unknown): void {
    if (this.isLive(this)) this.connect(abort, context);
    else abort(this.#reason ?? abortError());
  }

  onResponseStarted(): void {
    if (this.isLive(this)) this.handler.onResponseStarted?.();
  }

  onBodySent(chunkSize: number, totalBytesSent: number): void {
    if (this.isLive(this)) this.handler.onBodySent?.(chunkSize, totalBytesSent);
  }

  onRequestSent(): void {
    if (this.isLive(this)) this.handler.onRequestSent?.();
  }

  onUpgrade(statusCode: number, headers: Buffer[] | string[] | null, socket: Duplex): void {
    if (!this.isLive(this)) return;
    this.end();
    this.handler.onUpgrade?.(statusCode, headers, socket);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    if (!this.isLive(this)) return false;
    if (statusCode === 401) {
      this.#held = {
        statusCode,
        rawHeaders,
        resume,
        statusText,
        chunks: [],
        size: 0,
        paused: false,
        ended: false,
        trailers: null,
        error: null,
      };
      return true;
    }
    return this.handler.onHeaders?.(statusCode, rawHeaders, resume, statusText) ?? true;
  }

  onData(chunk: Buffer): boolean {
    if (!this.isLive(this)) return false;
    const held = this.#held;
    if (held === null) return this.handler.onData?.(chunk) ?? true;
    held.size += chunk.length;
    held.chunks.push(chunk);
    if (held.size <= HOLD_LIMIT) return true;
    // Too big to read to the end: pause here and decide now.
    held.paused = true;
    void this.#reconsider(held);
    return false;
  }

  onComplete(trailers: string[] | null): void {
    if (!this.isLive(this)) return;
    const held = this.#held;
    if (held === null) {
      this.end();
      this.handler.onComplete?.(trailers);
      return;
    }
    this.#abort = null;
    held.ended = true;
    held.trailers = trailers;
    if (!held.paused) void this.#reconsider(held);
  }

  onError(error: Error): void {
    if (!this.isLive(this)) return;
    const held = this.#held;
    if (held === null || this.#reason !== null) {
      this.fail(error);
      return;
    }
    this.#abort = null;
    held.ended = true;
    held.error = error;
    if (!held.paused) void this.#reconsider(held);
  }

  /** Ends the request with `error`: the live attempt (if any) is aborted, the caller gets `onError`. */
  fail(error: unknown): void {
    if (this.#finished) return;
    const abort = this.#abort;
    this.end();
    const reason = error instanceof Error ? error : new Error(String(error));
    abort?.(reason);
    this.handler.onError?.(reason);
  }

  /** The abort the caller holds: it reaches the live attempt, or ends the request between attempts. */
  readonly #callerAbort = (reason?: Error): void => {
    if (this.#finished || this.#reason !== null) return;
    this.#reason = reason ?? abortError();
    if (this.#abort !== null) this.#abort(this.#reason);
    else this.fail(this.#reason);
  };

  #send(attempt: LegacyHandler): boolean {
    try {
      const headers = withCredentialHeaders(this.#options.headers, this.#credentials);
      return this.#dispatch({ ...this.#options, headers }, attempt as Dispatcher.DispatchHandler);
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  /** The portal said 401: invalidate, authenticate again, then retry or let the 401 through. */
  async #reconsider(held: Held): Promise<void> {
    const used = this.#credentials;
    let fresh: Credentials;
    try {
      await this.#strategy.invalidate?.(used);
      if (this.#finished) return;
      fresh = await this.#strategy.authenticate(authenticateOptions(this.#options));
      assertCredentials(fresh, this.#strategy.kind);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (this.#finished) return;
    this.#held = null;
    if (sameCredentials(used, fresh)) {
      this.#release(held);
      return;
    }
    // From here on the first attempt's events are ignored; a paused 401's connection is dropped.
    this.#retried = true;
    this.#credentials = fresh;
    const abort = this.#abort;
    this.#abort = null;
    if (!held.ended) abort?.(new Error('401 body discarded before the retry'));
    this.#send(new RetryAttempt(this));
  }

  /** Hands the held 401 to the caller as if it had never been held. */
  #release(held: Held): void {
    const handler = this.handler;
    let flowing: boolean;
    try {
      flowing = handler.onHeaders?.(held.statusCode, held.rawHeaders, held.resume, held.statusText) ?? true;
      for (const chunk of held.chunks) flowing = (handler.onData?.(chunk) ?? true) && flowing;
    } catch (error) {
      this.fail(error);
      return;
    }
    if (held.error !== null) this.fail(held.error);
    else if (held.ended) {
      this.end();
      handler.onComplete?.(held.trailers);
    } else if (flowing) held.resume();
  }
}

/** The handler of the second attempt: everything goes to the caller, nothing is held. */
class RetryAttempt implements LegacyHandler {
  readonly #exchange: LegacyExchange;

  constructor(exchange: LegacyExchange) {
    this.#exchange = exchange;
  }

  onConnect(abort: (reason?: Error) => void, context?: unknown): void {
    if (this.#exchange.isLive(this)) this.#exchange.connect(abort, context);
    else abort(abortError());
  }

  onResponseStarted(): void {
    if (this.#exchange.isLive(this)) this.#exchange.handler.onResponseStarted?.();
  }

  onBodySent(chunkSize: number, totalBytesSent: number): void {
    if (this.#exchange.isLive(this)) this.#exchange.handler.onBodySent?.(chunkSize, totalBytesSent);
  }

  onRequestSent(): void {
    if (this.#exchange.isLive(this)) this.#exchange.handler.onRequestSent?.();
  }

  onUpgrade(statusCode: number, headers: Buffer[] | string[] | null, socket: Duplex): void {
    if (!this.#exchange.isLive(this)) return;
    this.#exchange.end();
    this.#exchange.handler.onUpgrade?.(statusCode, headers, socket);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    if (!this.#exchange.isLive(this)) return false;
    return this.#exchange.handler.onHeaders?.(statusCode, rawHeaders, resume, statusText) ?? true;
  }

  onData(chunk: Buffer): boolean {
    if (!this.#exchange.isLive(this)) return false;
    return this.#exchange.handler.onData?.(chunk) ?? true;
  }

  onComplete(trailers: string[] | null): void {
    if (!this.#exchange.isLive(this)) return;
    this.#exchange.end();
    this.#exchange.handler.onComplete?.(trailers);
  }

  onError(error: Error): void {
    if (this.#exchange.isLive(this)) this.#exchange.fail(error);
  }
}
