import { AuthHttpError, AuthResponseError } from './errors.js';
import { parseRetryAfter } from './retry-after.js';

/** A successful DocSpace API answer, unwrapped from its `{ response, count, status, statusCode }` envelope. */
export interface DocSpaceResponse<T> {
  /** The payload (`response` of the envelope; the whole body for endpoints DocSpace does not wrap). */
  readonly response: T;
  /** Items in `response` (1 for a scalar, 0 for null), when the server said. */
  readonly count: number | undefined;
  /** The total for paged lists, when the server said. */
  readonly total: number | undefined;
  /** The HTTP status code. */
  readonly status: number;
  /** The response headers. */
  readonly headers: Headers;
}

/** What {@link interpretResponse} needs to know about one HTTP response. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly method: string;
  /** The request URL without query string (it is quoted in error messages). */
  readonly url: string;
  /** The current time in epoch milliseconds, to read HTTP-date `Retry-After` values. */
  readonly now: number;
}

const STATUS_CODES: Record<number, [string, string]> = {
  401: ['ERR_AUTH_UNAUTHORIZED', 'unauthorized: the credentials are missing, invalid, expired or revoked'],
  403: ['ERR_AUTH_FORBIDDEN', 'forbidden: the credentials lack a permission or scope for this call'],
  404: ['ERR_AUTH_NOT_FOUND', 'not found'],
  429: ['ERR_AUTH_RATE_LIMITED', 'rate limited'],
};

/**
 * Turns one DocSpace HTTP response into its payload or a typed error. Pure: no I/O.
 *
 * - 2xx with an envelope: the envelope's `response`; but `status: 1` or an `error` object is a
 *   failure (`ERR_AUTH_API_ERROR`) even on 2xx (docs/docspace-behaviour.md §8.2).
 * - 2xx without an envelope (identity endpoints): the parsed body; an empty body gives `undefined`.
 * - Errors: empty bodies (the auth layer), JSON envelopes, OAuth error JSON and ProblemDetails all
 *   become `AuthHttpError` with `serverMessage` when there is one (§6.3).
 * - A 2xx body that is not JSON: `AuthResponseError` (`ERR_AUTH_BAD_RESPONSE`).
 */
export function interpretResponse<T = unknown>(raw: RawResponse): DocSpaceResponse<T> {
  const { status, headers } = raw;
  const ok = status >= 200 && status < 300;
  const request = `${raw.method} ${raw.url}`;
  const trimmed = raw.text.trim();
  let body: unknown;
  if (trimmed !== '') {
    try {
      body = JSON.parse(trimmed);
    } catch {
      if (ok) throw new AuthResponseError(`${request}: expected a JSON body, got something else`, { status });
    }
  }
  // A body that is not a JSON object has no envelope fields: read it as an empty one.
  const envelope = isRecord(body) ? body : {};
  if (!ok || envelope.status === 1 || isRecord(envelope.error)) {
    const statusCode = asNumber(envelope.statusCode);
    const failed = ok && statusCode !== undefined && statusCode >= 400 ? statusCode : status;
    const [code, meaning] = ok ? ['ERR_AUTH_API_ERROR', 'the API reported a failure'] : codeFor(failed);
    const serverMessage = readServerMessage(envelope);
    const suffix = serverMessage ? `: "${serverMessage}"` : '';
    throw new AuthHttpError(code, `${request} failed with ${failed} (${meaning})${suffix}`, {
      status: failed,
      method: raw.method,
      url: raw.url,
      serverMessage,
      retryAfterMs: parseRetryAfter(headers, raw.now),
    });
  }
  const wrapped = isEnvelope(envelope);
  return {
    response: (wrapped ? envelope.response : body) as T,
    count: wrapped ? asNumber(envelope.count) : undefined,
    total: wrapped ? asNumber(envelope.total) : undefined,
    status,
    headers,
  };
}

function codeFor(status: number): [string, string] {
  return (
    STATUS_CODES[status] ??
    (status >= 500 ? ['ERR_AUTH_SERVER_ERROR', 'server error'] : ['ERR_AUTH_HTTP_ERROR', 'request rejected'])
  );
}

function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The DocSpace envelope always has a numeric `status` next to `response`, `count`, `statusCode` or `links`. */
function isEnvelope(body: Record<string, unknown>): boolean {
  return (
    typeof body.status === 'number' &&
    ('response' in body || 'statusCode' in body || 'count' in body || 'links' in body)
  );
}

/** The server's message from a DocSpace error envelope, an OAuth error, ProblemDetails or `{ reason }`. */
function readServerMessage(body: Record<string, unknown>): string | undefined {
  const error = body.error;
  const message = isRecord(error)
    ? error.message
    : typeof error === 'string'
      ? typeof body.error_description === 'string'
        ? body.error_description
        : error
      : (body.detail ?? body.title ?? body.reason ?? body.message);
  if (typeof message !== 'string' || message === '') return undefined;
  const clean = message.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean;
}
