import { backoffDelayMs } from './backoff.js';
import { clockSleep, systemClock } from './clock.js';
import { type DocSpaceResponse, interpretResponse } from './envelope.js';
import { AuthConfigError, AuthHttpError, AuthResponseError } from './errors.js';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  isNetworkError,
  isRedirectResponse,
  networkError,
  readTextCapped,
  runWithTimeout,
  safeUrl,
} from './http.js';
import { redactable } from './secret.js';
import type { AuthStrategy, Clock, FetchLike } from './types.js';
import { assertHeaderValue, optionalNumber, parseBaseUrl, requireOptions } from './validate.js';
import { isReplayableBody } from './retry-on-401.js';
import { type FetchBody, withAuth } from './with-auth.js';

/** Options for {@link createDocSpaceClient}. */
export interface DocSpaceClientOptions {
  /** The portal URL, e.g. `https://portal.example.com`. */
  baseUrl: string | URL;
  /** How to authenticate. Without one, requests are anonymous. */
  auth?: AuthStrategy | undefined;
  /** The fetch to use. Default: `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  /** Milliseconds one request may take, body included. Default 30 000. */
  timeoutMs?: number | undefined;
  /** Allow an `http:` portal that is not on loopback. Never the default. */
  allowInsecureHttp?: boolean | undefined;
  /** The largest response body accepted, in bytes. Default 10 MiB. */
  maxResponseBytes?: number | undefined;
  /** Retries of GET/HEAD on 429, 502, 503, 504 and network errors. Default 2; 0 disables. */
  retries?: number | undefined;
  /** The longest wait before a retry, in ms; a longer `Retry-After` fails at once instead. Default 10 000. */
  maxRetryDelayMs?: number | undefined;
  /** Headers added to every request (e.g. `user-agent`). */
  headers?: Record<string, string> | undefined;
  /** The time source for retry delays. */
  clock?: Clock | undefined;
}

/** Per-request options of a {@link DocSpaceClient} call. */
export interface DocSpaceRequestOptions {
  /** Query parameters; `undefined` values are left out. */
  query?: Record<string, string | number | boolean | undefined> | undefined;
  /** Extra headers for this request. */
  headers?: Record<string, string> | undefined;
  /** Abort the request. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's timeout for this request. */
  timeoutMs?: number | undefined;
  /**
   * `'follow'` (the default) follows redirects as fetch does; `'refuse'` never follows one: a 3xx
   * answer (or a browser's opaque redirect) fails with `ERR_AUTH_BAD_RESPONSE` and nothing goes to
   * its `Location`. For a request whose body must reach the portal only, such as a password or a code
   * (fetch sends the body of a 307 or 308 on to the new location, whatever its origin).
   */
  redirects?: 'follow' | 'refuse' | undefined;
}

/** A DocSpace REST client that unwraps the envelope and turns every failure into a typed error. */
export interface DocSpaceClient {
  /** The normalised portal URL. */
  readonly baseUrl: URL;
  /** The authenticated fetch the client uses (credentials only for the portal's origin). */
  readonly fetch: FetchLike;
  /** `GET path` and resolve to the envelope's `response`. */
  get<T = unknown>(path: string, options?: DocSpaceRequestOptions): Promise<T>;
  /** `POST path` with a JSON body (or a `FormData`, `Blob`, `URLSearchParams` or string as is). */
  post<T = unknown>(path: string, body?: unknown, options?: DocSpaceRequestOptions): Promise<T>;
  /** `PUT path` with a JSON body. */
  put<T = unknown>(path: string, body?: unknown, options?: DocSpaceRequestOptions): Promise<T>;
  /** `DELETE path`, with an optional JSON body. */
  delete<T = unknown>(path: string, body?: unknown, options?: DocSpaceRequestOptions): Promise<T>;
  /** Any method; resolves to the whole unwrapped answer (`response`, `count`, `total`, `status`, `headers`). */
  request<T = unknown>(
    method: string,
    path: string,
    options?: DocSpaceRequestOptions & { body?: unknown },
  ): Promise<DocSpaceResponse<T>>;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const BACKOFF = { baseMs: 250 } as const;

/**
 * Creates a client for the DocSpace REST API. Paths are written as the DocSpace docs print them.
 *
 * Validates every option (throws `AuthConfigError` naming it). Requests time out, honour `signal`,
 * cap the response size, unwrap `{ response }`, treat `status: 1` as failure even on 2xx, and map
 * empty-body 401/403/429 and JSON error envelopes to `AuthHttpError` (`ERR_AUTH_UNAUTHORIZED`,
 * `ERR_AUTH_FORBIDDEN`, `ERR_AUTH_RATE_LIMITED` with `retryAfterMs`, ...).
 *
 * @example
 * ```ts
 * const client = createDocSpaceClient({ baseUrl: 'https://portal.example.com', auth: createApiKeyAuth({ apiKey }) });
 * const me = await client.get<{ displayName: string }>('/api/2.0/people/@self');
 * ```
 * @see docs/docspace-behaviour.md §8.2, §8.3
 */
export function createDocSpaceClient(options: DocSpaceClientOptions): DocSpaceClient {
  requireOptions(options, 'options');
  const allowInsecureHttp = options.allowInsecureHttp === true;
  const baseUrl = parseBaseUrl(options.baseUrl, { allowInsecureHttp });
  const rawFetch = options.fetch ?? globalThis.fetch;
  if (typeof rawFetch !== 'function') throw new AuthConfigError('fetch', '"fetch" must be a function');
  const timeoutMs = optionalNumber(options.timeoutMs, 'timeoutMs', 1, 3_600_000) ?? DEFAULT_TIMEOUT_MS;
  const maxBytes =
    optionalNumber(options.maxResponseBytes, 'maxResponseBytes', 1, 2 ** 31) ?? DEFAULT_MAX_RESPONSE_BYTES;
  const retries = optionalNumber(options.retries, 'retries', 0, 10) ?? 2;
  const maxRetryDelayMs = optionalNumber(options.maxRetryDelayMs, 'maxRetryDelayMs', 0, 600_000) ?? 10_000;
  const clock = options.clock ?? systemClock;
  const defaultHeaders = validateHeaders(options.headers, 'headers');
  // Each call is timed below (body included, per-request timeoutMs honoured): withAuth adds no deadline.
  const fetch = options.auth
    ? withAuth(rawFetch, options.auth, { baseUrl, allowInsecureHttp, timeoutMs: false })
    : rawFetch.bind(globalThis);

  async function request<T>(
    method: string,
    path: string,
    options: (DocSpaceRequestOptions & { body?: unknown }) | undefined = {},
  ): Promise<DocSpaceResponse<T>> {
    const requestOptions = options ?? {};
    requireOptions(requestOptions, 'options');
    if (typeof method !== 'string' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(method))
      throw new AuthConfigError('method', '"method" must be an HTTP method name');
    const verb = method.toUpperCase();
    const url = resolveUrl(baseUrl, path, requestOptions.query);
    const perRequestTimeout =
      optionalNumber(requestOptions.timeoutMs, 'timeoutMs', 1, 3_600_000) ?? timeoutMs;
    const headers = new Headers({ accept: 'application/json', ...defaultHeaders });
    for (const [name, value] of Object.entries(validateHeaders(requestOptions.headers, 'options.headers'))) {
      headers.set(name, value);
    }
    const body = encodeBody(requestOptions.body, headers);
    const redirects = requestOptions.redirects;
    if (redirects !== undefined && redirects !== 'follow' && redirects !== 'refuse')
      throw new AuthConfigError('options.redirects', '"options.redirects" must be "follow" or "refuse"');
    // 'manual', not 'error': every runtime takes it (Workers reject 'error'), and the 3xx is refused below.
    const init: RequestInit =
      redirects === 'refuse'
        ? { method: verb, headers, body, redirect: 'manual' }
        : { method: verb, headers, body };
    for (let attempt = 0; ; attempt++) {
      try {
        return await runWithTimeout(
          perRequestTimeout,
          requestOptions.signal,
          `${verb} ${safeUrl(url)}`,
          async (signal) => {
            const response = await fetch(url, { ...init, signal });
            if (redirects === 'refuse' && isRedirectResponse(response)) {
              await response.body?.cancel().catch(() => undefined);
              throw new AuthResponseError(
                `${verb} ${safeUrl(url)} answered with a redirect (${response.status}), which this request never follows`,
                { code: 'ERR_AUTH_BAD_RESPONSE', status: response.status },
              );
            }
            const text = await readTextCapped(response, maxBytes);
            return interpretResponse<T>({
              status: response.status,
              headers: response.headers,
              text,
              method: verb,
              url: safeUrl(url),
              now: clock.now(),
            });
          },
        );
      } catch (error) {
        const delay = retryDelay(error, verb, attempt);
        if (delay === undefined || requestOptions.signal?.aborted) {
          throw isNetworkError(error) ? networkError(error, `${verb} ${safeUrl(url)}`) : error;
        }
        await clockSleep(clock, delay, requestOptions.signal);
      }
    }
  }

  function retryDelay(error: unknown, method: string, attempt: number): number | undefined {
    if (attempt >= retries || !IDEMPOTENT.has(method)) return undefined;
    if (AuthHttpError.isInstance(error)) {
      if (!RETRY_STATUSES.has(error.status)) return undefined;
      const wanted =
        error.retryAfterMs ?? backoffDelayMs(attempt + 1, { ...BACKOFF, maxMs: Infinity, jitter: true });
      return wanted <= maxRetryDelayMs ? wanted : undefined;
    }
    // A network failure (fetch rejects with a TypeError) is retried; our own typed errors are not.
    if (isNetworkError(error)) return backoffDelayMs(attempt + 1, { ...BACKOFF, maxMs: maxRetryDelayMs });
    return undefined;
  }

  const client: DocSpaceClient = {
    baseUrl,
    fetch,
    request,
    get: async (path, requestOptions) => (await request('GET', path, requestOptions)).response as never,
    post: async (path, body, requestOptions) =>
      (await request('POST', path, { ...withOptions(requestOptions), body })).response as never,
    put: async (path, body, requestOptions) =>
      (await request('PUT', path, { ...withOptions(requestOptions), body })).response as never,
    delete: async (path, body, requestOptions) =>
      (await request('DELETE', path, { ...withOptions(requestOptions), body })).response as never,
  };
  return redactable(client, 'DocSpaceClient');
}

/**
 * Resolves a DocSpace path (`/api/2.0/...`) against the portal URL, keeping any path prefix the
 * portal has. An absolute URL is accepted only for the portal's own origin, so a path taken from
 * elsewhere can never send credentials to another host; it must not carry a user name or password.
 * Throws `AuthConfigError` (`path`, or `query`) for anything else, never a bare TypeError.
 */
export function resolveUrl(
  baseUrl: URL,
  path: string,
  query?: Record<string, string | number | boolean | undefined>,
): URL {
  if (typeof path !== 'string' || path === '')
    throw new AuthConfigError('path', '"path" must be a non-empty string');
  let url: URL;
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    url = parsePath(path);
    if (url.origin !== baseUrl.origin) {
      throw new AuthConfigError('path', '"path" is an absolute URL for another origin than "baseUrl"');
    }
    // fetch refuses such a URL with a TypeError that quotes it, password included.
    if (url.username !== '' || url.password !== '') {
      throw new AuthConfigError('path', '"path" must not contain a user name or password');
    }
  } else {
    if (!path.startsWith('/')) throw new AuthConfigError('path', '"path" must start with "/"');
    const prefix = baseUrl.pathname === '/' ? '' : baseUrl.pathname;
    url = parsePath(`${baseUrl.origin}${prefix}${path}`);
  }
  if (query !== undefined) {
    if (typeof query !== 'object' || query === null)
      throw new AuthConfigError('query', '"query" must be an object');
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined) continue;
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
        throw new AuthConfigError(`query.${name}`, `"query.${name}" must be a string, number or boolean`);
      url.searchParams.set(name, String(value));
    }
  }
  return url;
}

/** The per-request options, checked before they are spread (a string would spread into its characters). */
function withOptions(options: DocSpaceRequestOptions | undefined): DocSpaceRequestOptions {
  return options === undefined || options === null ? {} : requireOptions(options, 'options');
}

/** `new URL()` with a typed error: a TypeError from here would pass for a retryable network failure. */
function parsePath(href: string): URL {
  try {
    return new URL(href);
  } catch {
    throw new AuthConfigError('path', '"path" is not a valid URL');
  }
}

function validateHeaders(
  headers: Record<string, string> | undefined,
  option: string,
): Record<string, string> {
  if (headers === undefined) return {};
  if (typeof headers !== 'object' || headers === null)
    throw new AuthConfigError(option, `"${option}" must be an object`);
  for (const [name, value] of Object.entries(headers)) assertHeaderValue(value, `${option}.${name}`);
  return headers;
}

function encodeBody(body: unknown, headers: Headers): FetchBody | undefined {
  if (body === undefined) return undefined;
  // A body fetch sends as it is (and could send again) goes as it is; anything else is JSON.
  if (body !== null && isReplayableBody(body)) return body as FetchBody;
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return JSON.stringify(body);
}
