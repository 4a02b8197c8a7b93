import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';

type Controller = Dispatcher.DispatchController;

/**
 * The handler protocol undici 7's `request()` and `fetch()` still hand a dispatcher (`onConnect`,
 * `onHeaders`, `onData`, `onComplete`, `onError`). undici 8 removed it; both majors speak the
 * `onRequestStart` / `onResponseStart` protocol the exchange uses.
 */
type LegacyHandler = {
  onConnect?(abort: (reason?: Error) => void, context?: unknown): void;
  onHeaders?(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean;
  onData?(chunk: Buffer): boolean;
  onComplete?(trailers: Buffer[] | string[] | null): void;
  onError?(error: Error): void;
  onUpgrade?(statusCode: number, rawHeaders: Buffer[] | string[] | null, socket: Duplex): void;
  onResponseStarted?(): void;
};

/** Whether `handler` speaks only the legacy protocol (no `onRequestStart`). */
function isLegacyHandler(handler: Dispatcher.DispatchHandler): boolean {
  return (
    typeof handler.onRequestStart !== 'function' && typeof (handler as LegacyHandler).onHeaders === 'function'
  );
}

/**
 * The caller's handler as the exchange talks to it: itself when it speaks the current protocol,
 * otherwise a thin translation of undici 7's legacy one (the raw headers come from the controller,
 * which undici 7 fills in before every `onResponseStart`, so nothing is serialised again).
 */
export function callerHandler(handler: Dispatcher.DispatchHandler): Dispatcher.DispatchHandler {
  return isLegacyHandler(handler) ? new LegacyCaller(handler as LegacyHandler) : handler;
}

class LegacyCaller implements Dispatcher.DispatchHandler {
  readonly #handler: LegacyHandler;

  constructor(handler: LegacyHandler) {
    this.#handler = handler;
  }

  onRequestStart(controller: Controller, context: unknown): void {
    // A missing reason becomes an AbortError in the exchange's controller.
    this.#handler.onConnect?.((reason) => controller.abort(reason as Error), context);
  }

  onRequestUpgrade(
    controller: Controller,
    statusCode: number,
    headers: IncomingHttpHeaders,
    socket: Duplex,
  ): void {
    this.#handler.onUpgrade?.(statusCode, rawFields(controller.rawHeaders, headers), socket);
  }

  onResponseStarted(): void {
    this.#handler.onResponseStarted?.();
  }

  onResponseStart(
    controller: Controller,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    const raw = rawFields(controller.rawHeaders, headers);
    if (
      this.#handler.onHeaders?.(statusCode, raw, () => controller.resume(), statusMessage ?? '') === false
    ) {
      controller.pause();
    }
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.#handler.onData?.(chunk) === false) controller.pause();
  }

  onResponseEnd(controller: Controller, trailers: IncomingHttpHeaders): void {
    this.#handler.onComplete?.(rawFields(controller.rawTrailers, trailers));
  }

  onResponseError(_controller: Controller | null, error: Error): void {
    if (typeof this.#handler.onError !== 'function') throw error;
    this.#handler.onError(error);
  }
}

/** The raw `[name, value, ...]` fields: undici's own when it kept them, else built from the parsed ones. */
function rawFields(raw: unknown, parsed: IncomingHttpHeaders | null | undefined): Buffer[] {
  if (Array.isArray(raw)) return raw as Buffer[];
  const fields: Buffer[] = [];
  for (const [name, value] of Object.entries(parsed ?? {})) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      fields.push(Buffer.from(name, 'latin1'), Buffer.from(String(item), 'latin1'));
    }
  }
  return fields;
}
