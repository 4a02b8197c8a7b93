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
 *   failure (`ERR_AUTH_API_ERROR`) even on 2xx (docspace-api.md §6.2).
 * - 2xx without an envelope (identity endpoints): the parsed body; an empty body gives `undefined`.
 * - Errors: empty bodies (the auth layer), JSON envelopes, OAuth error JSON and ProblemDetails all
 *   become `AuthHttpError` with `serverMessage` when there is one (§6.3).
 * - A 2xx body that is not JSON: `AuthResponseError` (`ERR_AUTH_BAD_RESPONSE`).
 */
export function interpretResponse<T = unknown>(raw: RawResponse): DocSpaceResponse<T> {
  const ok = raw.status >= 200 && raw.status < 300;
  const trimmed = raw.text.trim();
  let body: unknown;
  if (trimmed !== '') {
    try {
      body = JSON.parse(trimmed);
    } catch {
      if (ok) {
        throw new AuthResponseError(`${describe(raw)}: expected a JSON body, got something else`, {
          status: raw.status,
        });
      }
    }
  }
  const envelope = isRecord(body) ? body : undefined;
  const serverMessage = envelope ? readServerMessage(envelope) : undefined;
  const failed = envelope !== undefined && (envelope.status === 1 || isRecord(envelope.error));
  if (!ok || failed) {
    const envelopeStatus = typeof envelope?.statusCode === 'number' ? envelope.statusCode : undefined;
    const status = ok
      ? envelopeStatus !== undefined && envelopeStatus >= 400
        ? envelopeStatus
        : raw.status
      : raw.status;
    const [code, meaning] = ok ? ['ERR_AUTH_API_ERROR', 'the API reported a failure'] : codeFor(status);
    const retryAfterMs = parseRetryAfter(raw.headers, raw.now);
    const suffix = serverMessage ? `: "${serverMessage}"` : '';
    throw new AuthHttpError(code, `${describe(raw)} failed with ${status} (${meaning})${suffix}`, {
      status,
      method: raw.method,
      url: raw.url,
      ...(serverMessage === undefined ? {} : { serverMessage }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (envelope && isEnvelope(envelope)) {
    return {
      response: envelope.response as T,
      count: typeof envelope.count === 'number' ? envelope.count : undefined,
      total: typeof envelope.total === 'number' ? envelope.total : undefined,
      status: raw.status,
      headers: raw.headers,
    };
  }
  return {
    response: body as T,
    count: undefined,
    total: undefined,
    status: raw.status,
    headers: raw.headers,
  };
}

function codeFor(status: number): [string, string] {
  const known = STATUS_CODES[status];
  if (known) return known;
  if (status >= 500) return ['ERR_AUTH_SERVER_ERROR', 'server error'];
  return ['ERR_AUTH_HTTP_ERROR', 'request rejected'];
}

function describe(raw: RawResponse): string {
  return `${raw.method} ${raw.url}`;
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
  let message: unknown;
  if (isRecord(error)) message = error.message;
  else if (typeof error === 'string')
    message = typeof body.error_description === 'string' ? body.error_description : error;
  else message = body.detail ?? body.title ?? body.reason ?? body.message;
  if (typeof message !== 'string' || message === '') return undefined;
  const clean = message.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean;
}
