import { abortable } from './clock.js';
import { sameCredentials } from './credential-headers.js';
import { AuthError } from './errors.js';
import type { AuthStrategy, Credentials } from './types.js';

/**
 * The one 401-retry decision of every transport (`withAuth`, the undici dispatcher and interceptor):
 * which response is retried, with which credentials, for which bodies, and what happens to the 401.
 *
 * - Only a 401 from the portal to a request that carried credentials, from a strategy that has
 *   `invalidate()`, with a body that can be sent again, and only on the first attempt.
 * - The rejected generation is invalidated and `authenticate()` asked again; the retry goes out only
 *   when that gives different credentials (so a late 401 for an old token never refreshes twice),
 *   at most once per request.
 * - The 401's body is read and dropped before the retry, up to {@link UNAUTHORIZED_BODY_LIMIT}, so
 *   the connection can be reused; a larger one is not read: its connection is dropped. When no
 *   retry follows, the caller gets the 401 as it came.
 */

/**
 * How much of a 401 body is read (and dropped) before the retry, so the connection can carry it; past
 * this the connection is dropped instead. The undici exchange also holds a 401 back up to this size
 * while the strategy decides, so the caller can still get it whole.
 */
export const UNAUTHORIZED_BODY_LIMIT: number = 64 * 1024;

/**
 * Whether a response may be retried with fresh credentials: a 401 answering `sent` (credentials were
 * added), the strategy can invalidate, the body can be sent again, and this was the first attempt.
 */
export function mayRetryUnauthorized(
  status: number,
  sent: Credentials | undefined,
  strategy: AuthStrategy,
  replayable: boolean,
): boolean {
  return status === 401 && sent !== undefined && replayable && typeof strategy.invalidate === 'function';
}

/**
 * Asks the strategy for credentials and checks it returned some: `ERR_AUTH_BAD_CREDENTIALS` otherwise.
 * The caller's signal goes to `authenticate()` (aborting never cancels a refresh others share), and
 * stops the wait even for a strategy that ignores it.
 */
export async function authenticate(strategy: AuthStrategy, signal?: AbortSignal): Promise<Credentials> {
  const credentials = await abortable(
    strategy.authenticate(signal === undefined ? undefined : { signal }),
    signal,
  );
  assertCredentials(credentials, strategy.kind);
  return credentials;
}

/**
 * The portal answered 401 to `rejected`: invalidates that generation and authenticates again.
 * Resolves to the credentials to retry with, or `undefined` when the strategy has nothing different
 * (the 401 stands). Rejects with the strategy's error when it cannot authenticate.
 */
export async function credentialsAfterUnauthorized(
  strategy: AuthStrategy,
  rejected: Credentials,
  signal?: AbortSignal,
): Promise<Credentials | undefined> {
  await abortable(Promise.resolve(strategy.invalidate?.(rejected)), signal);
  const fresh = await authenticate(strategy, signal);
  return sameCredentials(rejected, fresh) ? undefined : fresh;
}

/** Throws `ERR_AUTH_BAD_CREDENTIALS` when a strategy resolved to something without `headers`. */
export function assertCredentials(credentials: unknown, kind: string): asserts credentials is Credentials {
  const headers = (credentials as Credentials | null | undefined)?.headers;
  if (typeof headers !== 'object' || headers === null) {
    throw new AuthError('ERR_AUTH_BAD_CREDENTIALS', `the strategy "${kind}" returned no credentials`);
  }
}

/**
 * Whether a request body can be sent a second time, for fetch and undici alike: none, a string,
 * bytes, `URLSearchParams`, a `Blob`, or a `FormData` whose entries are strings or blobs. Streams and
 * (async) iterables are consumed by the first attempt, so a request carrying one is never retried.
 * Duck-typed: undici's `FormData` and `Blob` and the global ones are different classes.
 */
export function isReplayableBody(body: unknown): boolean {
  if (body === undefined || body === null || typeof body === 'string') return true;
  if (typeof body !== 'object') return false;
  if (ArrayBuffer.isView(body) || body instanceof ArrayBuffer || body instanceof URLSearchParams) return true;
  if (isBlobLike(body)) return true;
  if (isFormDataLike(body)) {
    for (const [, value] of body.entries()) {
      if (typeof value !== 'string' && !isBlobLike(value)) return false;
    }
    return true;
  }
  return false;
}

function isBlobLike(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Blob).arrayBuffer === 'function' &&
    typeof (value as Blob).stream === 'function' &&
    /^\[object (Blob|File)\]$/.test(Object.prototype.toString.call(value))
  );
}

function isFormDataLike(value: object): value is { entries(): IterableIterator<[string, unknown]> } {
  return (
    Object.prototype.toString.call(value) === '[object FormData]' &&
    typeof (value as FormData).entries === 'function'
  );
}
