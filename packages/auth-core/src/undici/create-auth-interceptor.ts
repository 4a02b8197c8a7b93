import type { Dispatcher } from 'undici';
import { AuthConfigError } from '../errors.js';
import type { AuthStrategy } from '../types.js';
import { parseBaseUrl, requireOptions } from '../validate.js';
import { isReplayableBody } from '../retry-on-401.js';
import { AuthExchange } from './auth-exchange.js';
import { withCredentialHeaders } from './request-headers.js';

/** Options for {@link createAuthInterceptor}. */
export interface AuthInterceptorOptions {
  /** The portal URL. Credentials are added only to requests for this origin (scheme, host and port). */
  baseUrl: string | URL;
  /** Allow an `http:` portal that is not on loopback. Never the default. */
  allowInsecureHttp?: boolean | undefined;
}

/**
 * Creates an undici interceptor that adds the strategy's credentials to requests for the portal,
 * the `Agent.compose()` counterpart of `withAuth`.
 *
 * - Credentials go only to the portal's origin; requests for other origins pass through untouched.
 *   A credential `Cookie` is merged with the caller's cookies; other credential headers replace the
 *   caller's header of the same name.
 * - `authenticate()` runs before the request is dispatched; if it fails, the request fails with
 *   that error and nothing is sent. An abort (`signal` of `undici.request`, or fetch's) while
 *   authenticating fails the request with the abort reason.
 * - A 401 from the portal, when the strategy has `invalidate()` and the body can be sent again
 *   (none, a string, bytes, a `Blob` or a `FormData` of strings and blobs; never a stream or an
 *   iterable, so never an `undici.fetch` body), invalidates those credentials and retries once if
 *   `authenticate()` then returns different ones; otherwise the 401 reaches the caller unchanged.
 * - Redirects are not followed here. Compose `interceptors.redirect()` AFTER this interceptor
 *   (so it runs outside it): every hop then passes through this interceptor, which adds
 *   credentials only to hops on the portal's origin and never again once the chain has been to
 *   another origin, and undici's redirect handler drops `Authorization`, `Cookie` and
 *   `Proxy-Authorization` when the origin changes.
 * - `compose()` itself costs time: undici 7 wraps every handler twice around an interceptor (about a
 *   tenth of a loopback request); prefer {@link createAuthDispatcher} when authentication is all you
 *   compose.
 *
 * Throws `AuthConfigError` (`ERR_AUTH_INVALID_OPTION`, or `ERR_AUTH_INSECURE_URL` for plain http
 * to a host that is not loopback) naming the offending option.
 *
 * @example
 * ```ts
 * import { Agent, interceptors, request } from 'undici';
 * import { createAuthInterceptor } from '@ds/auth-core/undici';
 *
 * const dispatcher = new Agent().compose(
 *   createAuthInterceptor(strategy, { baseUrl: 'https://portal.example.com' }),
 *   interceptors.redirect({ maxRedirections: 3 }),
 * );
 * const { statusCode, body } = await request('https://portal.example.com/api/2.0/people/@self', { dispatcher });
 * ```
 */
export function createAuthInterceptor(
  strategy: AuthStrategy,
  options: AuthInterceptorOptions,
): Dispatcher.DispatcherComposeInterceptor {
  const portalOrigin = checkAuthArguments(strategy, options);
  return (dispatch) =>
    function authInterceptor(dispatchOptions, handler) {
      if (!isPortalOrigin(dispatchOptions.origin, portalOrigin)) return dispatch(dispatchOptions, handler);
      return dispatchToPortal(dispatch, dispatchOptions, handler, strategy, portalOrigin);
    };
}

/** Validates the strategy and options of the interceptor or the dispatcher; returns the portal's origin. */
export function checkAuthArguments(strategy: AuthStrategy, options: AuthInterceptorOptions): string {
  if (typeof strategy !== 'object' || strategy === null || typeof strategy.authenticate !== 'function') {
    throw new AuthConfigError('strategy', '"strategy" must be an AuthStrategy with an authenticate() method');
  }
  if (strategy.invalidate !== undefined && typeof strategy.invalidate !== 'function') {
    throw new AuthConfigError('strategy.invalidate', '"strategy.invalidate" must be a function when present');
  }
  requireOptions(options, 'options');
  if (options.allowInsecureHttp !== undefined && typeof options.allowInsecureHttp !== 'boolean') {
    throw new AuthConfigError('allowInsecureHttp', '"allowInsecureHttp" must be a boolean');
  }
  return parseBaseUrl(options.baseUrl, { allowInsecureHttp: options.allowInsecureHttp === true }).origin;
}

/** Whether a dispatch's `origin` is the portal's (undici.request and fetch pass it serialised: compared before parsing). */
export function isPortalOrigin(origin: string | URL | undefined, portalOrigin: string): boolean {
  return origin === portalOrigin || originOf(origin) === portalOrigin;
}

/**
 * Sends one request for the portal with the strategy's credentials.
 *
 * - A hop of a redirect chain (undici's redirect handler keeps its `history`) that has been to
 *   another origin goes on without credentials: a redirect never brings them back.
 * - Credentials at hand and nothing to retry (no `invalidate()`, or a body that cannot be sent
 *   twice): the request goes straight on with the caller's own handler, at the cost of a header merge.
 * - Otherwise an {@link AuthExchange}: it authenticates when nothing is cached, and holds a 401 for
 *   the shared retry decision.
 */
export function dispatchToPortal(
  dispatch: Dispatcher.Dispatch,
  dispatchOptions: Dispatcher.DispatchOptions,
  handler: Dispatcher.DispatchHandler,
  strategy: AuthStrategy,
  portalOrigin: string,
): boolean {
  const history = (handler as { history?: unknown }).history;
  if (history !== undefined && leftOrigin(history, portalOrigin)) return dispatch(dispatchOptions, handler);
  const canRetry = typeof strategy.invalidate === 'function' && isReplayableBody(dispatchOptions.body);
  const cached = strategy.peekCredentials?.();
  if (cached !== undefined && !canRetry) {
    return dispatch(
      { ...dispatchOptions, headers: withCredentialHeaders(dispatchOptions.headers, cached) },
      handler,
    );
  }
  return new AuthExchange(dispatch, dispatchOptions, handler, strategy, canRetry).start(cached);
}

/** Whether a redirect `history` (the URLs of the earlier hops) holds one on another origin. */
function leftOrigin(history: unknown, portalOrigin: string): boolean {
  if (!Array.isArray(history)) return false;
  for (const url of history) {
    if (!isPortalOrigin(url instanceof URL ? url : String(url), portalOrigin)) return true;
  }
  return false;
}

/** The serialised origin of a dispatch's `origin` option, or `undefined` when it has none. */
function originOf(origin: string | URL | undefined): string | undefined {
  if (origin === undefined || origin === null) return undefined;
  if (typeof origin !== 'string') return origin instanceof URL ? origin.origin : undefined;
  try {
    return new URL(origin).origin;
  } catch {
    return undefined;
  }
}
