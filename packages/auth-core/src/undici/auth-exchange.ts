import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';
import { authenticate, credentialsAfterUnauthorized, UNAUTHORIZED_BODY_LIMIT } from '../retry-on-401.js';
import type { AuthStrategy, Credentials } from '../types.js';
import {
  callerHandler,
  isLegacyHandler,
  type LegacyHandler,
  UNDICI_TAKES_LEGACY_HANDLERS,
} from './caller-handler.js';
import { withCredentialHeaders } from './request-headers.js';

type Controller = Dispatcher.DispatchController;

/**
 * Parsed response headers, or `undefined` when they came from an attempt speaking undici 7's legacy
 * protocol to a legacy caller: the raw fields are on the attempt's controller, and only they are read.
 */
type ResponseHeaders = IncomingHttpHeaders | undefined;

/** The context handed to the caller's `onRequestStart` before any connection exists. */
const NO_CONTEXT: object = Object.freeze({});

/** A 401 held back from the caller while the strategy decides whether fresh credentials exist. */
interface HeldResponse {
  controller: Controller;
  statusCode: number;
  headers: ResponseHeaders;
  statusMessage: string | undefined;
  chunks: Buffer[];
  size: number;
  /** Paused by us: past the body limit before the decision came. */
  paused: boolean;
  ended: boolean;
  trailers: ResponseHeaders;
  error: Error | null;
  /** The decision was "retry": the rest of the 401 is drained (up to the limit), then the retry goes out. */
  retryWith: Credentials | null;
}

/** What the exchange keeps of one dispatch to the portal, whichever protocol it speaks to undici. */
interface Attempt {
  /** The attempt's connection, once undici has started it. */
  controller: Controller | null;
  /** The connection has reported the end or an error: nothing left to abort. */
  settled: boolean;
  held: HeldResponse | null;
  readonly credentials: Credentials;
  readonly mayRetry: boolean;
}

/** The state a controller reports; each subclass says what `abort()`, `pause()` and `resume()` do. */
abstract class ControllerState {
  protected isAborted = false;
  protected isPaused = false;
  protected abortReason: Error | null = null;

  get aborted(): boolean {
    return this.isAborted;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  get reason(): Error | null {
    return this.abortReason;
  }
}

/** One dispatch in the `onRequestStart` / `onResponseStart` protocol both undici majors speak. */
class CurrentAttempt implements Attempt, Dispatcher.DispatchHandler {
  controller: Controller | null = null;
  settled = false;
  held: HeldResponse | null = null;
  readonly #exchange: AuthExchange;
  readonly credentials: Credentials;
  readonly mayRetry: boolean;

  constructor(exchange: AuthExchange, credentials: Credentials, mayRetry: boolean) {
    this.#exchange = exchange;
    this.credentials = credentials;
    this.mayRetry = mayRetry;
  }

  onRequestStart(controller: Controller, _context: unknown): void {
    this.#exchange.requestStart(this, controller);
  }

  onRequestUpgrade(
    _controller: Controller,
    statusCode: number,
    headers: IncomingHttpHeaders,
    socket: Duplex,
  ): void {
    this.#exchange.requestUpgrade(this, statusCode, headers, socket);
  }

  onResponseStarted(): void {
    this.#exchange.responseStarted(this);
  }

  onResponseStart(
    controller: Controller,
    statusCode: number,
    headers: IncomingHttpHeaders,
    message?: string,
  ): void {
    this.#exchange.responseStart(this, controller, statusCode, headers, message);
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    this.#exchange.responseData(this, controller, chunk);
  }

  onResponseEnd(_controller: Controller, trailers: IncomingHttpHeaders): void {
    this.#exchange.responseEnd(this, trailers);
  }

  onResponseError(_controller: Controller | null, error: Error): void {
    this.#exchange.responseError(this, error);
  }
}

/**
 * One dispatch of a legacy caller (undici 7's `request()`, `fetch()`, `stream()` hand the dispatcher
 * `onConnect` / `onHeaders` handlers) in that same protocol, so undici 7 neither wraps it nor parses
 * the response headers, and the caller gets undici's raw fields as they came. It is its own
 * controller: `pause()` is answered by returning `false` from the next callback, as undici 7 expects.
 */
class LegacyAttempt extends ControllerState implements Attempt, Controller, LegacyHandler {
  controller: Controller | null = null;
  settled = false;
  held: HeldResponse | null = null;
  rawHeaders: Buffer[] | null = null;
  rawTrailers: Buffer[] | null = null;
  readonly #exchange: AuthExchange;
  readonly credentials: Credentials;
  readonly mayRetry: boolean;
  #abort: ((reason?: Error) => void) | null = null;
  #resume: (() => void) | null = null;

  constructor(exchange: AuthExchange, credentials: Credentials, mayRetry: boolean) {
    super();
    this.#exchange = exchange;
    this.credentials = credentials;
    this.mayRetry = mayRetry;
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.#abort = abort;
    this.#exchange.requestStart(this, this);
  }

  onUpgrade(statusCode: number, rawHeaders: Buffer[] | string[] | null, socket: Duplex): void {
    this.rawHeaders = rawHeaders as Buffer[] | null;
    this.#exchange.requestUpgrade(this, statusCode, undefined, socket);
  }

  onResponseStarted(): void {
    this.#exchange.responseStarted(this);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    this.#resume = resume;
    this.rawHeaders = rawHeaders;
    this.#exchange.responseStart(this, this, statusCode, undefined, statusText);
    return !this.isPaused;
  }

  onData(chunk: Buffer): boolean {
    this.#exchange.responseData(this, this, chunk);
    return !this.isPaused;
  }

  onComplete(trailers: Buffer[] | string[] | null): void {
    this.rawTrailers = trailers as Buffer[] | null;
    this.#exchange.responseEnd(this, undefined);
  }

  onError(error: Error): void {
    this.#exchange.responseError(this, error);
  }

  abort(reason: Error): void {
    if (this.isAborted) return;
    this.isAborted = true;
    this.abortReason = reason;
    this.#abort?.(reason);
  }

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    if (!this.isPaused) return;
    this.isPaused = false;
    this.#resume?.();
  }
}

/**
 * One request to the portal, from `authenticate()` to the final response. At most two attempts: the
 * second only when the shared 401 decision (`../retry-on-401.ts`) says so. A 401 is held back from
 * the caller while the strategy decides, its body buffered up to the limit (past it the connection is
 * paused); then it is either released to the caller as it came, or drained and replaced by the retry
 * (a paused one's connection is dropped).
 *
 * The exchange is also the one controller the caller's handler sees for the whole exchange
 * (authenticating, the first attempt, a retry): it forwards pause/resume/abort to whichever
 * connection is live, keeps a pause across attempts, and fails the exchange on an abort that comes
 * while no connection is live (while `authenticate()` runs), so an abort is never lost.
 *
 * Attempts speak the caller's protocol to undici: the current one, or undici 7's legacy one for a
 * legacy caller on undici 7 (translated for the exchange by {@link callerHandler}), so such a
 * request does not pay for undici translating it on the way in and the exchange on the way out. On
 * undici 8 a legacy caller (Node's built-in fetch given an undici 8 dispatcher) gets current-protocol
 * attempts and the translation.
 */
export class AuthExchange extends ControllerState implements Controller {
  readonly #dispatch: Dispatcher.Dispatch;
  readonly #options: Dispatcher.DispatchOptions;
  readonly #handler: Dispatcher.DispatchHandler;
  readonly #strategy: AuthStrategy;
  readonly #canRetry: boolean;
  /** The attempts speak undici 7's legacy protocol: the caller does, and the installed undici takes it. */
  readonly #legacy: boolean;
  #current: Attempt | null = null;
  #finished = false;
  #removeSignalListener: (() => void) | null = null;
  #target: Controller | null = null;

  constructor(
    dispatch: Dispatcher.Dispatch,
    options: Dispatcher.DispatchOptions,
    handler: Dispatcher.DispatchHandler,
    strategy: AuthStrategy,
    canRetry: boolean,
  ) {
    super();
    this.#dispatch = dispatch;
    this.#options = options;
    this.#legacy = UNDICI_TAKES_LEGACY_HANDLERS && isLegacyHandler(handler);
    this.#handler = callerHandler(handler);
    this.#strategy = strategy;
    this.#canRetry = canRetry;
  }

  /**
   * Hands the caller its controller, then sends the first attempt with `cached` credentials at once,
   * or authenticates first. Returns what the dispatcher returned for a request sent at once.
   */
  start(cached: Credentials | undefined): boolean {
    // The caller gets its controller before anything is sent, so an abort (undici.request's `signal`,
    // fetch's controller) reaches the exchange even while no connection exists.
    try {
      this.#handler.onRequestStart?.(this, NO_CONTEXT);
    } catch (error) {
      this.#finish();
      throw error;
    }
    if (this.#finished) return true;
    const signal = (this.#options as { signal?: unknown }).signal;
    if (signal !== undefined && signal !== null) this.#listen(signal);
    if (this.#finished) return true;
    if (cached !== undefined) return this.#send(cached, false);
    void authenticate(this.#strategy, signalOf(this.#options)).then(
      (credentials) => this.#send(credentials, false),
      (error: unknown) => this.#fail(error),
    );
    return true;
  }

  // The caller's controller.

  get rawHeaders(): Controller['rawHeaders'] {
    return this.#target?.rawHeaders ?? null;
  }

  get rawTrailers(): Controller['rawTrailers'] {
    return this.#target?.rawTrailers ?? null;
  }

  abort(reason: Error): void {
    if (this.isAborted) return;
    this.isAborted = true;
    this.abortReason = reason ?? abortError();
    this.#fail(this.abortReason);
  }

  pause(): void {
    this.isPaused = true;
    this.#target?.pause();
  }

  resume(): void {
    this.isPaused = false;
    this.#target?.resume();
  }

  // The attempts' events.

  requestStart(attempt: Attempt, controller: Controller): void {
    if (this.#finished || attempt !== this.#current) {
      controller.abort(this.abortReason ?? abortError());
      return;
    }
    attempt.controller = controller;
    this.#target = controller;
    if (this.isPaused) controller.pause();
  }

  requestUpgrade(attempt: Attempt, statusCode: number, headers: ResponseHeaders, socket: Duplex): void {
    if (!this.#isLive(attempt)) return;
    attempt.settled = true;
    this.#finish();
    this.#handler.onRequestUpgrade?.(this, statusCode, headers as IncomingHttpHeaders, socket);
  }

  responseStarted(attempt: Attempt): void {
    if (this.#isLive(attempt)) this.#handler.onResponseStarted?.();
  }

  responseStart(
    attempt: Attempt,
    controller: Controller,
    statusCode: number,
    headers: ResponseHeaders,
    statusMessage: string | undefined,
  ): void {
    if (!this.#isLive(attempt)) return;
    if (statusCode === 401 && attempt.mayRetry) {
      attempt.held = {
        controller,
        statusCode,
        headers,
        statusMessage,
        chunks: [],
        size: 0,
        paused: false,
        ended: false,
        trailers: undefined,
        error: null,
        retryWith: null,
      };
      void this.#reconsider(attempt);
      return;
    }
    this.#handler.onResponseStart?.(this, statusCode, headers as IncomingHttpHeaders, statusMessage);
  }

  responseData(attempt: Attempt, controller: Controller, chunk: Buffer): void {
    if (!this.#isLive(attempt)) return;
    const held = attempt.held;
    if (held === null) {
      this.#handler.onResponseData?.(this, chunk);
      return;
    }
    held.size += chunk.length;
    if (held.retryWith !== null) {
      if (held.size > UNAUTHORIZED_BODY_LIMIT) this.#dropAndRetry(attempt, held, held.retryWith);
      return;
    }
    held.chunks.push(chunk);
    if (held.size > UNAUTHORIZED_BODY_LIMIT && !held.paused) {
      // Too big to keep reading while the strategy decides.
      held.paused = true;
      controller.pause();
    }
  }

  responseEnd(attempt: Attempt, trailers: ResponseHeaders): void {
    if (!this.#isLive(attempt)) return;
    attempt.settled = true;
    const held = attempt.held;
    if (held === null) {
      this.#finish();
      this.#handler.onResponseEnd?.(this, trailers as IncomingHttpHeaders);
      return;
    }
    held.ended = true;
    held.trailers = trailers;
    if (held.retryWith !== null) this.#retry(held.retryWith);
  }

  responseError(attempt: Attempt, error: Error): void {
    if (!this.#isLive(attempt)) return;
    attempt.settled = true;
    const held = attempt.held;
    if (held === null) {
      this.#fail(error);
      return;
    }
    held.error = error;
    if (held.retryWith !== null) this.#retry(held.retryWith);
  }

  #isLive(attempt: Attempt): boolean {
    return !this.#finished && attempt === this.#current;
  }

  #send(credentials: Credentials, isRetry: boolean): boolean {
    if (this.#finished) return true;
    const mayRetry = this.#canRetry && !isRetry;
    const attempt = this.#legacy
      ? new LegacyAttempt(this, credentials, mayRetry)
      : new CurrentAttempt(this, credentials, mayRetry);
    this.#current = attempt;
    try {
      const headers = withCredentialHeaders(this.#options.headers, credentials);
      return this.#dispatch({ ...this.#options, headers }, attempt as Dispatcher.DispatchHandler);
    } catch (error) {
      this.#fail(error);
      return true;
    }
  }

  /** The portal said 401: the shared decision says whether fresh credentials replace the held 401. */
  async #reconsider(attempt: Attempt): Promise<void> {
    let fresh: Credentials | undefined;
    try {
      fresh = await credentialsAfterUnauthorized(
        this.#strategy,
        attempt.credentials,
        signalOf(this.#options),
      );
    } catch (error) {
      this.#fail(error);
      return;
    }
    const held = attempt.held;
    if (!this.#isLive(attempt) || held === null) return;
    if (fresh === undefined) this.#release(attempt, held);
    else if (held.ended || held.error !== null) this.#retry(fresh);
    else if (held.paused) this.#dropAndRetry(attempt, held, fresh);
    else {
      // Drain the rest of the (usually empty) 401 so its connection can carry the retry.
      held.retryWith = fresh;
      held.chunks = [];
    }
  }

  /** Hands the held 401 to the caller as if it had never been held. */
  #release(attempt: Attempt, held: HeldResponse): void {
    attempt.held = null;
    try {
      this.#handler.onResponseStart?.(
        this,
        held.statusCode,
        held.headers as IncomingHttpHeaders,
        held.statusMessage,
      );
      for (const chunk of held.chunks) this.#handler.onResponseData?.(this, chunk);
    } catch (error) {
      this.#fail(error);
      return;
    }
    if (held.error !== null) {
      this.#fail(held.error);
    } else if (held.ended) {
      this.#finish();
      this.#handler.onResponseEnd?.(this, held.trailers as IncomingHttpHeaders);
    } else if (held.paused && !this.isPaused) {
      held.controller.resume();
    }
  }

  /** The 401 is larger than is worth draining: its connection is dropped and the retry sent. */
  #dropAndRetry(attempt: Attempt, held: HeldResponse, credentials: Credentials): void {
    this.#retry(credentials);
    attempt.settled = true;
    held.controller.abort(new Error('401 body discarded before the retry'));
  }

  #retry(credentials: Credentials): void {
    // From now on the old attempt's events are dropped; the new one starts outside the current undici
    // callback, once the old attempt has finished unwinding.
    this.#current = null;
    queueMicrotask(() => this.#send(credentials, true));
  }

  #fail(error: unknown): void {
    if (this.#finished) return;
    this.#finish();
    const reason = error instanceof Error ? error : new Error(String(error));
    const current = this.#current;
    if (current !== null && !current.settled && current.controller !== null) {
      current.settled = true;
      current.controller.abort(reason);
    }
    this.#handler.onResponseError?.(this, reason);
  }

  #finish(): void {
    this.#finished = true;
    this.#removeSignalListener?.();
    this.#removeSignalListener = null;
  }

  /** Honours `options.signal` (an `AbortSignal` or an `EventEmitter`, as undici.request accepts) while no connection is live. */
  #listen(signal: unknown): void {
    if (typeof signal !== 'object' || signal === null) return;
    const target = signal as Partial<AbortSignal> & Partial<NodeJS.EventEmitter>;
    const onAbort = (): void => this.abort((target.reason as Error | undefined) ?? abortError());
    if (typeof target.addEventListener === 'function' && typeof target.removeEventListener === 'function') {
      if (target.aborted === true) {
        onAbort();
        return;
      }
      target.addEventListener('abort', onAbort, { once: true });
      this.#removeSignalListener = () => target.removeEventListener?.('abort', onAbort);
    } else if (typeof target.once === 'function' && typeof target.removeListener === 'function') {
      target.once('abort', onAbort);
      this.#removeSignalListener = () => target.removeListener?.('abort', onAbort);
    }
  }
}

/**
 * The caller's own signal, when the dispatch carries an `AbortSignal`, for `authenticate()`. No
 * controller of our own is made per request; an abort fails the exchange at once either way, and a
 * late credential is ignored.
 */
function signalOf(options: Dispatcher.DispatchOptions): AbortSignal | undefined {
  const signal = (options as { signal?: unknown }).signal;
  return typeof AbortSignal !== 'undefined' && signal instanceof AbortSignal ? signal : undefined;
}

/** The reason used when an abort came without one (an `EventEmitter` signal, `abort()` without argument). */
function abortError(): Error {
  return new DOMException('This operation was aborted', 'AbortError');
}
