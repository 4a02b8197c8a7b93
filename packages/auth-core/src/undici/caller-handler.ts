import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import * as undici from 'undici';
import type { Dispatcher } from 'undici';

type Controller = Dispatcher.DispatchController;

/**
 * The handler protocol undici 7's `request()`, `fetch()` and `stream()` still hand a dispatcher
 * (`onConnect`, `onHeaders`, `onData`, `onComplete`, `onError`). undici 8 removed it; both majors
 * speak the `onRequestStart` / `onResponseStart` protocol the exchange speaks to its caller.
 */
export type LegacyHandler = {
  onConnect?(abort: (reason?: Error) => void, context?: unknown): void;
  onHeaders?(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean;
  onData?(chunk: Buffer): boolean;
  onComplete?(trailers: Buffer[] | string[] | null): void;
  onError?(error: Error): void;
  onUpgrade?(statusCode: number, rawHeaders: Buffer[] | string[] | null, socket: Duplex): void;
  onResponseStarted?(): void;
};

/**
 * Whether the installed undici takes legacy handlers itself: 7 does, natively; 8 only through its
 * `Dispatcher1Wrapper` (which is how Node's built-in fetch reaches an undici 8 global dispatcher).
 */
export const UNDICI_TAKES_LEGACY_HANDLERS: boolean = !('Dispatcher1Wrapper' in undici);

/** Whether `handler` speaks only the legacy protocol (no `onRequestStart`). */
export function isLegacyHandler(handler: Dispatcher.DispatchHandler): boolean {
  return (
    typeof handler.onRequestStart !== 'function' && typeof (handler as LegacyHandler).onHeaders === 'function'
  );
}

/**
 * The caller's handler as the exchange talks to it: itself when it speaks the current protocol,
 * otherwise a thin translation of undici 7's legacy one. The raw header fields come from the
 * controller (the exchange's attempt for a legacy caller speaks legacy to undici and keeps them as
 * they came), so nothing is parsed or serialised again.
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
