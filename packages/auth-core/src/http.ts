import { AuthError, AuthResponseError, AuthTimeoutError, redactError } from './errors.js';

/** The default timeout of one HTTP request, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The default cap on a response body, in bytes (10 MiB). */
export const DEFAULT_MAX_RESPONSE_BYTES: number = 10 * 1024 * 1024;

/** Reads a response body as text, failing with `ERR_AUTH_RESPONSE_TOO_LARGE` past `maxBytes`. */
export async function readTextCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(response.status, maxBytes);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(response.status, maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function tooLarge(status: number, maxBytes: number): AuthResponseError {
  return new AuthResponseError(`the response body is larger than ${maxBytes} bytes`, {
    code: 'ERR_AUTH_RESPONSE_TOO_LARGE',
    status,
  });
}

/** The URL without query string and fragment, for error messages (a query may carry a secret). */
export function safeUrl(url: string | URL): string {
  try {
    const parsed = new URL(String(url));
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '[invalid url]';
  }
}

/**
 * Runs `run` with a signal that aborts on the caller's `signal` or after `timeoutMs`; a timeout
 * becomes `AuthTimeoutError` ("`what` took longer than N ms"), a caller's abort its own reason. The
 * deadline ends with `run`: what `run` hands back is no longer timed.
 *
 * @example
 * ```ts
 * const response = await runWithTimeout(30_000, signal, 'POST /oauth2/token', (combined) => fetch(url, { signal: combined }));
 * ```
 */
export async function runWithTimeout<T>(
  timeoutMs: number,
  signal: AbortSignal | null | undefined,
  what: string,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = deadlineSignal(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  try {
    return await run(combined);
  } catch (error) {
    if (combined.aborted && combined.reason === deadline.signal.reason) {
      throw new AuthTimeoutError(`${what} took longer than ${timeoutMs} ms`, { timeoutMs });
    }
    throw error;
  } finally {
    deadline.release();
  }
}

/**
 * Requests per shared signal. undici adds an abort listener per request and removes it only when the
 * request is garbage-collected, and each listener makes the next one dearer: a few requests per signal
 * amortise the controller without that cost (measured: 8 per slot is as cheap as no signal at all).
 */
const MAX_SLOT_USERS = 8;

/** The slots whose deadline falls on one instant, and their one timer. */
interface DeadlineBucket {
  /** The slot new requests join, until it has `MAX_SLOT_USERS` or empties. */
  open: DeadlineSlot | null;
  /** Slots with a request still running: the ones the timer aborts. */
  readonly live: Set<DeadlineSlot>;
}

/** One shared deadline signal; see {@link deadlineSignal}. */
export class DeadlineSlot {
  readonly #controller: AbortController = new AbortController();
  readonly #bucket: DeadlineBucket;
  users = 0;
  #running = 0;

  constructor(bucket: DeadlineBucket) {
    this.#bucket = bucket;
  }

  /** Aborts with a `TimeoutError` `DOMException` when the deadline passes with a request still running. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** @internal A request joins the slot. */
  join(): this {
    this.users += 1;
    this.#running += 1;
    return this;
  }

  /** The request is done: once every request of the slot is, the timer forgets it and never aborts it. */
  release(): void {
    if (--this.#running > 0) return;
    this.#bucket.live.delete(this);
    if (this.#bucket.open === this) this.#bucket.open = null;
  }

  /** @internal The deadline passed. */
  expire(reason: DOMException): void {
    this.#controller.abort(reason);
  }
}

const buckets = new Map<number, DeadlineBucket>();

/**
 * A signal that aborts `timeoutMs` from now (rounded up to 1 % of the timeout, at least 1 ms) with a
 * `TimeoutError` reason, unless every request using it has called `release()` by then. Deadlines on the
 * same instant share one unref'd timer, and up to 8 requests share one controller, so a request costs
 * no timer or signal of its own (per-request `AbortSignal.timeout` and `AbortSignal.any` dominate the
 * cost of a cached-credential request otherwise), and nothing is kept once its requests are done. A
 * request sharing a controller is aborted with the others when one of them is still running at the
 * deadline. The timers never keep the process alive.
 */
export function deadlineSignal(timeoutMs: number): DeadlineSlot {
  const granularity = Math.max(1, Math.min(1000, Math.floor(timeoutMs / 100)));
  const now = Date.now();
  const deadline = Math.ceil((now + timeoutMs) / granularity) * granularity;
  let bucket = buckets.get(deadline);
  if (bucket === undefined) {
    const created: DeadlineBucket = { open: null, live: new Set() };
    bucket = created;
    buckets.set(deadline, created);
    const timer = setTimeout(() => {
      buckets.delete(deadline);
      const reason = new DOMException('The operation timed out.', 'TimeoutError');
      for (const slot of created.live) slot.expire(reason);
    }, deadline - now);
    (timer as { unref?: () => void }).unref?.();
  }
  let slot = bucket.open;
  if (slot === null || slot.users >= MAX_SLOT_USERS) {
    slot = new DeadlineSlot(bucket);
    bucket.open = slot;
    bucket.live.add(slot);
  }
  return slot.join();
}

/**
 * Whether `error` is a transport failure of `fetch` (connection refused or reset, DNS, TLS): fetch
 * rejects with a plain `TypeError` for those, never with an `AuthError`.
 */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError && !AuthError.isInstance(error);
}

/**
 * Wraps a transport failure in a retryable `AuthError` (`ERR_AUTH_NETWORK`) that says what failed; the
 * original is kept as `cause`, with its stack dropped and any of `secrets` blanked.
 */
export function networkError(error: unknown, what: string, secrets: readonly string[] = []): AuthError {
  const cause = redactError(error, secrets);
  const detail = (error as { cause?: { code?: unknown } })?.cause?.code;
  return new AuthError(
    'ERR_AUTH_NETWORK',
    `${what} failed: ${typeof detail === 'string' ? detail : cause.message}`,
    {
      retryable: true,
      cause,
    },
  );
}
