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
 * becomes `AuthTimeoutError` ("`what` took longer than N ms"), a caller's abort its own reason.
 *
 * @example
 * ```ts
 * const response = await runWithTimeout(30_000, signal, 'POST /oauth2/token', (combined) => fetch(url, { signal: combined }));
 * ```
 */
export async function runWithTimeout<T>(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  what: string,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = deadlineSignal(timeoutMs);
  const combined = withCallerSignal(deadline.signal, signal);
  try {
    return await run(combined);
  } catch (error) {
    if (combined.aborted && combined.reason === deadline.reason) {
      throw new AuthTimeoutError(`${what} took longer than ${timeoutMs} ms`, { timeoutMs });
    }
    throw error;
  }
}

interface DeadlineSlot {
  readonly controller: AbortController;
  readonly reason: DOMException;
  users: number;
}

/**
 * Requests per shared signal. undici adds and removes an abort listener per request, which costs time
 * proportional to the listeners already there: a few requests per signal amortise the controller and
 * timer without that cost (measured: 8 per slot is as cheap as no signal at all; 1000 added ~70 µs).
 */
const MAX_SLOT_USERS = 8;

const slots = new Map<number, DeadlineSlot>();

/**
 * A signal that aborts `timeoutMs` from now (rounded up to 1 % of the timeout, at least 1 ms), with a
 * `TimeoutError` reason. Requests whose deadlines fall in the same slot share one controller and one
 * unref'd timer, so a request costs no timer of its own (per-request `AbortSignal.timeout` and
 * `AbortSignal.any` dominate the cost of a cached-credential request otherwise). The timers never keep
 * the process alive.
 */
export function deadlineSignal(timeoutMs: number): {
  readonly signal: AbortSignal;
  readonly reason: DOMException;
} {
  const granularity = Math.max(1, Math.min(1000, Math.floor(timeoutMs / 100)));
  const now = Date.now();
  const deadline = Math.ceil((now + timeoutMs) / granularity) * granularity;
  let slot = slots.get(deadline);
  if (!slot || slot.users >= MAX_SLOT_USERS) {
    const controller = new AbortController();
    const reason = new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError');
    const fresh: DeadlineSlot = { controller, reason, users: 0 };
    slot = fresh;
    slots.set(deadline, fresh);
    const timer = setTimeout(() => {
      if (slots.get(deadline) === fresh) slots.delete(deadline);
      controller.abort(reason);
    }, deadline - now);
    (timer as { unref?: () => void }).unref?.();
  }
  slot.users += 1;
  return { signal: slot.controller.signal, reason: slot.reason };
}

/** `deadline` combined with a caller's `signal`, when there is one. */
export function withCallerSignal(deadline: AbortSignal, signal: AbortSignal | null | undefined): AbortSignal {
  return signal ? AbortSignal.any([signal, deadline]) : deadline;
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
