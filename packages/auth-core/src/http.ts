import { AuthError, AuthResponseError, AuthTimeoutError, redactError } from './errors.js';

/** The default timeout of one HTTP request, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The default cap on a response body, in bytes (10 MiB). */
export const DEFAULT_MAX_RESPONSE_BYTES: number = 10 * 1024 * 1024;

/** One decoder for every body: `decode()` without `{ stream: true }` keeps no state between calls. */
const UTF8 = new TextDecoder();

/** Reads a response body as text, failing with `ERR_AUTH_RESPONSE_TOO_LARGE` past `maxBytes`. */
export async function readTextCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(response.status, maxBytes);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  // Most bodies arrive in one chunk: it is decoded as it came, without a copy into a new buffer
  // (about 0.7 us for a 1.2 KB token response, timed alone).
  let first: Uint8Array | undefined;
  let rest: Uint8Array[] | undefined;
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(response.status, maxBytes);
    }
    if (first === undefined) first = value;
    else if (rest === undefined) rest = [value];
    else rest.push(value);
  }
  if (first === undefined) return '';
  if (rest === undefined) return UTF8.decode(first);
  const bytes = new Uint8Array(total);
  bytes.set(first, 0);
  let offset = first.byteLength;
  for (const chunk of rest) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return UTF8.decode(bytes);
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
 * deadline is this call's alone (no other request is ever aborted by it) and ends with `run`: what
 * `run` hands back is no longer timed.
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
  const deadline = new Deadline(timeoutMs, signal ?? undefined);
  try {
    return await run(deadline.signal);
  } catch (error) {
    if (deadline.expired)
      throw new AuthTimeoutError(`${what} took longer than ${timeoutMs} ms`, { timeoutMs });
    throw error;
  } finally {
    deadline.release();
  }
}

/**
 * One request's deadline: a signal that aborts with a `TimeoutError` `DOMException` after `timeoutMs`,
 * or with the caller's reason when `signal` aborts first. `release()` forgets the timer and the
 * listener on the caller's signal. The timer never keeps the process alive. One controller and one
 * timer per request (Node keeps timers of one duration in one list, so that is an append), and a
 * plain listener rather than `AbortSignal.any`, which keeps composite signals alive until collected.
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: (() => void) | undefined;
  /** Whether the time ran out (rather than the caller aborting). */
  expired = false;

  constructor(timeoutMs: number, signal?: AbortSignal) {
    const controller = this.#controller;
    this.#timer = setTimeout(() => {
      if (controller.signal.aborted) return;
      this.expired = true;
      controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    }, timeoutMs);
    (this.#timer as { unref?: () => void }).unref?.();
    if (signal !== undefined) {
      if (signal.aborted) controller.abort(signal.reason);
      else {
        this.#signal = signal;
        this.#onAbort = () => controller.abort(signal.reason);
        signal.addEventListener('abort', this.#onAbort, { once: true });
      }
    }
  }

  /** Aborts at the deadline or with the caller's signal. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The request is done: nothing aborts the signal any more. */
  release(): void {
    clearTimeout(this.#timer);
    if (this.#onAbort !== undefined) this.#signal?.removeEventListener('abort', this.#onAbort);
  }
}

let unfollowedMode: 'error' | 'manual' | undefined;

/**
 * The `redirect` mode for a request whose redirects are never followed (a form with a code, a client
 * secret or a refresh token goes to its endpoint only). `'error'` where the runtime takes it and names
 * the redirect it refused in its error (Node, Bun, Deno; {@link isRefusedRedirect} tells): undici's
 * fetch clones every request it may have to send again, teeing the body into two streams, and skips
 * that under `'error'`, about 60 us of CPU per form POST on Node 20 and 20 us on Node 24. `'manual'`
 * elsewhere: browsers (whose error for a refused redirect says nothing) and Cloudflare Workers (which
 * reject `'error'`). Under either mode the caller still refuses a 3xx or `opaqueredirect` response
 * itself: a custom fetch may ignore the mode.
 */
export function unfollowedRedirectMode(): 'error' | 'manual' {
  unfollowedMode ??= detectUnfollowedMode(globalThis);
  return unfollowedMode;
}

/** The mode {@link unfollowedRedirectMode} picks for a runtime with these globals (exported for its tests). */
export function detectUnfollowedMode(globals: {
  process?: { versions?: { node?: unknown } };
  Request?: unknown;
}): 'error' | 'manual' {
  // Workers have `process.versions.node` too (nodejs_compat), but their Request rejects 'error'.
  const RequestClass = globals.Request;
  if (typeof globals.process?.versions?.node !== 'string' || typeof RequestClass !== 'function')
    return 'manual';
  try {
    new (RequestClass as typeof Request)('http://localhost/', { redirect: 'error' });
    return 'error';
  } catch {
    return 'manual';
  }
}

/**
 * Whether a response is a redirect that was not followed: a 3xx, or a browser's `opaqueredirect`
 * (status 0) under `redirect: 'manual'`. A request that must never follow one refuses it.
 */
export function isRedirectResponse(response: Pick<Response, 'status' | 'type'>): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

/** What undici ("fetch failed", cause "unexpected redirect"), Bun ("UnexpectedRedirect ...") and Deno ("... Encountered redirect ...") say. */
const REFUSED_REDIRECT = /unexpected ?redirect|encountered redirect/i;

/**
 * Whether a rejection of `fetch` is a redirect it refused under `redirect: 'error'` (see
 * {@link unfollowedRedirectMode}), rather than a transport failure.
 */
export function isRefusedRedirect(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  const cause = (error as { cause?: { message?: unknown } }).cause;
  return (
    REFUSED_REDIRECT.test(error.message) ||
    (typeof cause?.message === 'string' && REFUSED_REDIRECT.test(cause.message))
  );
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
