import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';
import { sameCredentials } from '../credential-headers.js';
import { AuthError } from '../errors.js';
import type { AuthStrategy, Credentials } from '../types.js';
import { abortError, ExchangeController } from './exchange-controller.js';
import { withCredentialHeaders } from './request-headers.js';

/** A 401 body larger than this is not drained before the retry: the connection is dropped instead. */
const DRAIN_LIMIT = 64 * 1024;

type Controller = Dispatcher.DispatchController;

/** A 401 response held back (paused) while the strategy decides whether fresh credentials exist. */
interface HeldResponse {
  controller: Controller;
  statusCode: number;
  headers: IncomingHttpHeaders;
  statusMessage: string | undefined;
  chunks: Buffer[];
  size: number;
  ended: boolean;
  trailers: IncomingHttpHeaders;
  error: Error | null;
  /** Set once the decision is "retry": the rest of the 401 is drained, then the retry is sent. */
  retryWith: Credentials | null;
}

/** The handler of one dispatch to the portal. Events of an attempt that is no longer current are dropped. */
class Attempt implements Dispatcher.DispatchHandler {
  controller: Controller | null = null;
  /** The connection has reported the end or an error: nothing left to abort. */
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

  onRequestStart(controller: Controller, context: unknown): void {
    this.#exchange.requestStart(this, controller, context);
  }

  onRequestUpgrade(
    _controller: Controller,
    statusCode: number,
    headers: IncomingHttpHeaders,
    socket: Duplex,
  ): void {
    this.#exchange.requestUpgrade(this, statusCode, headers, socket);
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
 * One request to the portal, from `authenticate()` to the final response: at most two attempts,
 * the second only after a 401 answered the first and the strategy produced different credentials.
 */
export class AuthExchange {
  readonly #dispatch: Dispatcher.Dispatch;
  readonly #options: Dispatcher.DispatchOptions;
  readonly #handler: Dispatcher.DispatchHandler;
  readonly #strategy: AuthStrategy;
  readonly #canRetry: boolean;
  readonly #controller: ExchangeController;
  #current: Attempt | null = null;
  #finished = false;
  #removeSignalListener: (() => void) | null = null;

  constructor(
    dispatch: Dispatcher.Dispatch,
    options: Dispatcher.DispatchOptions,
    handler: Dispatcher.DispatchHandler,
    strategy: AuthStrategy,
    canRetry: boolean,
  ) {
    this.#dispatch = dispatch;
    this.#options = options;
    this.#handler = handler;
    this.#strategy = strategy;
    this.#canRetry = canRetry;
    this.#controller = new ExchangeController((reason) => this.#fail(reason));
  }

  /** Hands the caller its controller, then authenticates and sends the first attempt. */
  start(): void {
    // The caller gets its controller before authenticate() runs, so an abort (undici.request's
    // `signal`, fetch's AbortController) reaches us even though no connection exists yet.
    try {
      this.#handler.onRequestStart?.(this.#controller, {});
    } catch (error) {
      this.#finish();
      throw error;
    }
    if (this.#finished) return;
    this.#listen((this.#options as { signal?: unknown }).signal);
    if (this.#finished) return;
    // Fresh cached credentials: send now, without a promise hop.
    const cached = this.#strategy.peekCredentials?.();
    if (cached !== undefined) {
      this.#send(cached, false);
      return;
    }
    void this.#authenticate().then((credentials) => {
      if (credentials !== undefined) this.#send(credentials, false);
    });
  }

  requestStart(attempt: Attempt, controller: Controller, context: unknown): void {
    if (this.#finished || attempt !== this.#current) {
      controller.abort(this.#controller.reason ?? abortError());
      return;
    }
    attempt.controller = controller;
    this.#controller.attach(controller);
    this.#handler.onRequestStart?.(this.#controller, context);
  }

  requestUpgrade(attempt: Attempt, statusCode: number, headers: IncomingHttpHeaders, socket: Duplex): void {
    if (!this.#isLive(attempt)) return;
    attempt.settled = true;
    this.#finish();
    this.#handler.onRequestUpgrade?.(this.#controller, statusCode, headers, socket);
  }

  responseStart(
    attempt: Attempt,
    controller: Controller,
    statusCode: number,
    headers: IncomingHttpHeaders,
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
        ended: false,
        trailers: {},
        error: null,
        retryWith: null,
      };
      controller.pause();
      void this.#reconsider(attempt);
      return;
    }
    this.#handler.onResponseStart?.(this.#controller, statusCode, headers, statusMessage);
  }

  responseData(attempt: Attempt, controller: Controller, chunk: Buffer): void {
    if (!this.#isLive(attempt)) return;
    const held = attempt.held;
    if (held === null) {
      this.#handler.onResponseData?.(this.#controller, chunk);
      return;
    }
    held.size += chunk.length;
    if (held.retryWith === null) held.chunks.push(chunk);
    else if (held.size > DRAIN_LIMIT) controller.abort(new Error('401 body discarded before the retry'));
  }

  responseEnd(attempt: Attempt, trailers: IncomingHttpHeaders): void {
    if (!this.#isLive(attempt)) return;
    attempt.settled = true;
    const held = attempt.held;
    if (held === null) {
      this.#finish();
      this.#handler.onResponseEnd?.(this.#controller, trailers);
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

  async #authenticate(): Promise<Credentials | undefined> {
    try {
      const credentials = await this.#strategy.authenticate(authenticateOptions(this.#options));
      assertCredentials(credentials, this.#strategy.kind);
      return this.#finished ? undefined : credentials;
    } catch (error) {
      this.#fail(error);
      return undefined;
    }
  }

  #send(credentials: Credentials, isRetry: boolean): void {
    if (this.#finished) return;
    const attempt = new Attempt(this, credentials, this.#canRetry && !isRetry);
    this.#current = attempt;
    try {
      const headers = withCredentialHeaders(this.#options.headers, credentials);
      this.#dispatch({ ...this.#options, headers }, attempt);
    } catch (error) {
      this.#fail(error);
    }
  }

  /** The portal said 401: invalidate, authenticate again, then retry or let the 401 through. */
  async #reconsider(attempt: Attempt): Promise<void> {
    let fresh: Credentials;
    try {
      await this.#strategy.invalidate?.(attempt.credentials);
      if (this.#finished) return;
      fresh = await this.#strategy.authenticate(authenticateOptions(this.#options));
      assertCredentials(fresh, this.#strategy.kind);
    } catch (error) {
      this.#fail(error);
      return;
    }
    const held = attempt.held;
    if (!this.#isLive(attempt) || held === null) return;
    if (sameCredentials(attempt.credentials, fresh)) {
      this.#release(attempt, held);
    } else if (held.ended || held.error !== null) {
      this.#retry(fresh);
    } else {
      // Drain the (usually empty) 401 body so the connection can be reused, then retry.
      held.retryWith = fresh;
      held.chunks = [];
      if (held.size > DRAIN_LIMIT) held.controller.abort(new Error('401 body discarded before the retry'));
      else held.controller.resume();
    }
  }

  /** Hands the held 401 to the caller as if it had never been held. */
  #release(attempt: Attempt, held: HeldResponse): void {
    attempt.held = null;
    try {
      this.#handler.onResponseStart?.(this.#controller, held.statusCode, held.headers, held.statusMessage);
      for (const chunk of held.chunks) this.#handler.onResponseData?.(this.#controller, chunk);
    } catch (error) {
      this.#fail(error);
      return;
    }
    if (held.error !== null) {
      this.#fail(held.error);
    } else if (held.ended) {
      this.#finish();
      this.#handler.onResponseEnd?.(this.#controller, held.trailers);
    } else if (!this.#controller.paused) {
      held.controller.resume();
    }
  }

  #retry(credentials: Credentials): void {
    // Out of the current undici callback: the old attempt finishes unwinding before the new one starts.
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
    this.#handler.onResponseError?.(this.#controller, reason);
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
    const onAbort = (): void => this.#controller.abort((target.reason as Error | undefined) ?? abortError());
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

/** Throws `ERR_AUTH_BAD_CREDENTIALS` when a strategy resolved to something without `headers`. */
export function assertCredentials(credentials: unknown, kind: string): asserts credentials is Credentials {
  const headers = (credentials as Credentials | null | undefined)?.headers;
  if (typeof headers !== 'object' || headers === null) {
    throw new AuthError('ERR_AUTH_BAD_CREDENTIALS', `the strategy "${kind}" returned no credentials`);
  }
}

/**
 * What `authenticate()` gets for a dispatch: the caller's own signal, when it gave an `AbortSignal`. No
 * controller of our own is made per request (that alone was a measurable share of the cached path);
 * an abort fails the exchange at once either way, and a late credential is ignored.
 */
export function authenticateOptions(options: Dispatcher.DispatchOptions): { signal?: AbortSignal } {
  const signal = (options as { signal?: unknown }).signal;
  return typeof AbortSignal !== 'undefined' && signal instanceof AbortSignal ? { signal } : {};
}
