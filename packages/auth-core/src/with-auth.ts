import { addCredentialFields, mergeCookies } from './credential-headers.js';
import { AuthConfigError } from './errors.js';
import { DEFAULT_TIMEOUT_MS, runWithTimeout } from './http.js';
import {
  authenticate,
  credentialsAfterUnauthorized,
  isReplayableBody,
  mayRetryUnauthorized,
  UNAUTHORIZED_BODY_LIMIT,
} from './retry-on-401.js';
import type { AuthStrategy, Credentials, FetchLike } from './types.js';
import { optionalNumber, parseBaseUrl, requireOptions } from './validate.js';

/** Options for {@link withAuth}. */
export interface WithAuthOptions {
  /** The portal URL. Credentials are added only to requests for this origin. */
  baseUrl: string | URL;
  /** Allow an `http:` portal that is not on loopback. Never the default. */
  allowInsecureHttp?: boolean | undefined;
  /**
   * Milliseconds until the response headers must have arrived, all redirects and the retry included,
   * for each call on its own. Default 30 000. Reading the body is not timed by it (pass a `signal`, or
   * rely on your fetch's body timeout). `false` adds no deadline of ours, and then a call without a
   * `signal` costs no timer and no `AbortSignal`: for a `fetch` with its own timeouts (undici's `fetch`
   * and Node's global one have `headersTimeout` and `bodyTimeout`, 300 s by default, set on an undici
   * `Agent`) or a caller that always passes a signal that times out.
   */
  timeoutMs?: number | false | undefined;
  /** Redirects followed at most. Default 20, as in fetch. */
  maxRedirects?: number | undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * Wraps `fetch` so requests to the portal carry the strategy's credentials.
 *
 * - Credentials go only to the portal's origin (scheme, host and port); other URLs pass through untouched.
 * - Redirects are followed here: a hop to another origin never carries credentials (nor your own
 *   `Authorization` or `Cookie`), and once a chain has left the portal it never gets them back.
 * - A 401 from the portal invalidates that credential generation and retries once with fresh
 *   credentials, only when the strategy can refresh and the body can be sent again (not a stream).
 * - Every call has a timeout (unless `timeoutMs: false`) and honours `init.signal`.
 *
 * Throws `AuthConfigError` for invalid options.
 *
 * @example
 * ```ts
 * const authedFetch = withAuth(fetch, createApiKeyAuth({ apiKey }), { baseUrl: 'https://portal.example.com' });
 * const response = await authedFetch('https://portal.example.com/api/2.0/people/@self');
 * ```
 */
export function withAuth(fetch: FetchLike, strategy: AuthStrategy, options: WithAuthOptions): FetchLike {
  if (typeof fetch !== 'function') throw new AuthConfigError('fetch', '"fetch" must be a function');
  if (typeof strategy !== 'object' || strategy === null || typeof strategy.authenticate !== 'function') {
    throw new AuthConfigError('strategy', '"strategy" must be an AuthStrategy with an authenticate() method');
  }
  requireOptions(options, 'options');
  const portal = parseBaseUrl(options.baseUrl, { allowInsecureHttp: options.allowInsecureHttp === true });
  const timeoutMs =
    options.timeoutMs === false
      ? false
      : (optionalNumber(options.timeoutMs, 'timeoutMs', 1, 3_600_000) ?? DEFAULT_TIMEOUT_MS);
  const maxRedirects = optionalNumber(options.maxRedirects, 'maxRedirects', 0, 50) ?? 20;
  // A URL string starting with this is on the portal's origin (the authority ends at the first "/").
  const portalPrefix = `${portal.origin}/`;

  return function authenticatedFetch(input, init) {
    const userSignal = init?.signal ?? (input instanceof Request ? input.signal : undefined) ?? undefined;
    if (timeoutMs === false) return sendCached(input, init, userSignal) ?? send(input, init, userSignal);
    return runWithTimeout(
      timeoutMs,
      userSignal,
      'the request',
      (signal) => sendCached(input, init, signal) ?? send(input, init, signal),
    );
  };

  /**
   * The common case in one step, without an async frame: a URL string on the portal and credentials
   * at hand. The response is returned as it comes unless it is a redirect to follow or a 401 to
   * retry; then {@link send} goes on from it exactly as if it had sent the request itself.
   * `undefined` when the request is not such a case.
   */
  function sendCached(
    input: string | URL | Request,
    init: RequestInit | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Response> | undefined {
    if (typeof input !== 'string' || !input.startsWith(portalPrefix)) return undefined;
    const credentials = strategy.peekCredentials?.();
    if (credentials === undefined) return undefined;
    const plan = planRequest(input, init);
    const requestInit = hopInit(
      plan,
      plan.method,
      plan.body,
      withCredentials(plan.headers, credentials),
      signal,
    );
    return fetch(plan.url, requestInit).then((response) => {
      // The status first: each getter of a fetch Response costs a brand check. An opaque redirect
      // (a browser's answer to redirect: 'manual') has status 0.
      const status = response.status;
      const goOn =
        status === 401
          ? mayRetryUnauthorized(status, credentials, strategy, plan.replayable)
          : REDIRECTS.has(status)
            ? plan.redirect !== 'manual' && response.headers.has('location')
            : status === 0 && response.type === 'opaqueredirect';
      return goOn ? send(input, init, signal, { plan, credentials, response }) : response;
    });
  }

  async function send(
    input: string | URL | Request,
    init: RequestInit | undefined,
    signal: AbortSignal | undefined,
    sent?: { plan: RequestPlan; credentials: Credentials; response: Response },
  ): Promise<Response> {
    const plan = sent?.plan ?? planRequest(input, init);
    const first = await exchange(plan, signal, sent?.credentials, sent?.response);
    const rejected = plan.sent;
    if (!mayRetryUnauthorized(first.status, rejected, strategy, plan.replayable)) return first;
    const fresh = await credentialsAfterUnauthorized(strategy, rejected as Credentials, signal);
    if (fresh === undefined) return first;
    await discardUnauthorized(first);
    return exchange(plan, signal, fresh);
  }

  /**
   * Sends the request and follows redirects; returns the final response, and leaves in `plan.sent`
   * the credentials that response answered (none once a hop left the portal). `first` is the answer
   * to the first hop when it was sent already (with `preset` credentials).
   */
  async function exchange(
    plan: RequestPlan,
    signal: AbortSignal | undefined,
    preset: Credentials | undefined,
    first?: Response,
  ): Promise<Response> {
    let url = plan.url;
    let method = plan.method;
    let body = plan.body;
    // The caller's headers; copied before a redirect changes them, so a 401 retry starts from the original.
    let headers = plan.headers;
    let mayAuthenticate = url.startsWith(portalPrefix) || new URL(url).origin === portal.origin;
    let credentials = preset;
    for (let hop = 0; ; hop++) {
      plan.sent = undefined;
      let hopHeaders: HeadersInit | undefined = headers;
      if (mayAuthenticate) {
        credentials ??= strategy.peekCredentials?.() ?? (await authenticate(strategy, signal));
        hopHeaders = withCredentials(headers, credentials);
        plan.sent = credentials;
      }
      const requestInit = hopInit(plan, method, body, hopHeaders, signal);
      const response = hop === 0 && first !== undefined ? first : await fetch(url, requestInit);
      if (response.type === 'opaqueredirect') {
        // Browsers hide the Location of a manual redirect; let the browser follow it (it drops Authorization cross-origin).
        requestInit.redirect = 'follow';
        return fetch(url, requestInit);
      }
      const location = REDIRECTS.has(response.status) ? response.headers.get('location') : null;
      if (location === null || plan.redirect === 'manual') return response;
      if (plan.redirect === 'error') {
        await response.body?.cancel().catch(() => undefined);
        throw new TypeError(`redirect to another location was refused by "redirect: 'error'"`);
      }
      if (hop >= maxRedirects) {
        await response.body?.cancel().catch(() => undefined);
        throw new TypeError(`more than ${maxRedirects} redirects`);
      }
      const from = new URL(url);
      const next = new URL(location, from);
      if (next.protocol !== 'https:' && next.protocol !== 'http:') return response;
      if ((response.status === 307 || response.status === 308) && !plan.replayable) return response;
      await response.body?.cancel().catch(() => undefined);
      const nextHeaders = new Headers(headers);
      if (
        response.status === 303
          ? method !== 'HEAD'
          : (response.status === 301 || response.status === 302) && method === 'POST'
      ) {
        method = 'GET';
        body = undefined;
        for (const name of [
          'content-type',
          'content-length',
          'content-encoding',
          'content-language',
          'content-location',
        ]) {
          nextHeaders.delete(name);
        }
      }
      if (next.origin !== from.origin) {
        for (const name of CREDENTIAL_HEADERS) nextHeaders.delete(name);
        mayAuthenticate = false;
        credentials = undefined;
      }
      headers = nextHeaders;
      url = next.href;
    }
  }
}

/** The `RequestInit` of one hop: only what differs from fetch's defaults (every member fetch reads costs it time). */
function hopInit(
  plan: RequestPlan,
  method: string,
  body: FetchBody | undefined,
  headers: HeadersInit | undefined,
  signal: AbortSignal | undefined,
): RequestInit {
  const requestInit: RequestInit = { ...plan.init, headers, redirect: 'manual' };
  if (method !== 'GET' || plan.methodGiven) requestInit.method = method;
  if (body !== undefined) requestInit.body = body;
  if (signal !== undefined) requestInit.signal = signal;
  return requestInit;
}

/**
 * Reads and drops a 401 body before the retry, so its connection can carry the next request; one
 * larger than {@link UNAUTHORIZED_BODY_LIMIT} is cancelled instead (its connection is dropped).
 */
async function discardUnauthorized(response: Response): Promise<void> {
  const body = response.body;
  if (body === null) return;
  const reader = body.getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > UNAUTHORIZED_BODY_LIMIT) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    // The 401 is dropped either way; the retry reports its own outcome.
  }
}

interface RequestPlan {
  url: string;
  method: string;
  /** The caller named a method (sent as given even when it is GET). */
  methodGiven: boolean;
  /** The caller's headers as given (never modified). */
  headers: HeadersInit | undefined;
  body: FetchBody | undefined;
  replayable: boolean;
  redirect: RequestRedirect;
  /** The rest of the caller's init (cache, credentials mode, keepalive, dispatcher, ...). */
  init: RequestInit | undefined;
  /** The credentials the latest hop carried, if any. */
  sent: Credentials | undefined;
}

function planRequest(input: string | URL | Request, init: RequestInit | undefined): RequestPlan {
  if (input instanceof Request) {
    const request = init ? new Request(input, init) : input;
    const replayable = request.body === null;
    return {
      url: request.url,
      method: request.method,
      methodGiven: true,
      headers: request.headers,
      // A Request's body is a stream: send it once, never retry it.
      body: request.body ?? undefined,
      replayable,
      redirect: request.redirect,
      init: replayable ? undefined : ({ duplex: 'half' } as RequestInit),
      sent: undefined,
    };
  }
  if (init === undefined) {
    return {
      url: String(input),
      method: 'GET',
      methodGiven: false,
      headers: undefined,
      body: undefined,
      replayable: true,
      redirect: 'follow',
      init: undefined,
      sent: undefined,
    };
  }
  const { headers, body, method, redirect, signal: _signal, ...rest } = init;
  const replayable = isReplayableBody(body);
  return {
    url: String(input),
    method: (method ?? 'GET').toUpperCase(),
    methodGiven: method !== undefined,
    headers: headers ?? undefined,
    body: body ?? undefined,
    replayable,
    redirect: redirect ?? 'follow',
    init: replayable ? rest : ({ ...rest, duplex: 'half' } as RequestInit),
    sent: undefined,
  };
}

/**
 * The headers of one hop with the credentials added: a plain object when the caller gave none or a
 * plain object of strings (what every fetch reads fastest; a `Headers` copy costs about 1 us more),
 * otherwise a copy of the caller's as `Headers`.
 */
function withCredentials(headers: HeadersInit | undefined, credentials: Credentials): HeadersInit {
  if (headers === undefined) return { ...credentials.headers };
  const record = mergedRecord(headers, credentials);
  if (record !== undefined) return record;
  const merged = new Headers(headers);
  applyCredentials(merged, credentials);
  return merged;
}

/**
 * The caller's headers with the credentials added, as a plain object with lower-case names, when they
 * are a plain object of string values naming no field twice (in any case); otherwise `undefined`, and
 * `Headers` does the merging (it joins repeated fields as fetch would). fetch checks the names and
 * values either way.
 */
function mergedRecord(headers: HeadersInit, credentials: Credentials): Record<string, string> | undefined {
  if (
    typeof headers !== 'object' ||
    headers === null ||
    Object.getPrototypeOf(headers) !== Object.prototype
  ) {
    return undefined;
  }
  const source = headers as Record<string, unknown>;
  const merged: Record<string, string> = {};
  for (const name of Object.keys(source)) {
    const value = source[name];
    const key = name.toLowerCase();
    if (typeof value !== 'string' || key === '__proto__' || Object.hasOwn(merged, key)) return undefined;
    merged[key] = value;
  }
  addCredentialFields(merged, credentials);
  return merged;
}

/**
 * A fetch request body. Spelled through `RequestInit` rather than the DOM's global `BodyInit`, so
 * the declarations compile for consumers without the DOM lib (Node's types declare `RequestInit`).
 */
export type FetchBody = NonNullable<RequestInit['body']>;

/** Adds the credential headers; a `Cookie` credential is merged so the caller's other cookies stay. */
function applyCredentials(headers: Headers, credentials: Credentials): void {
  for (const [name, value] of Object.entries(credentials.headers)) {
    headers.set(name, name === 'cookie' ? mergeCookies(headers.get('cookie') ?? '', value) : value);
  }
}
