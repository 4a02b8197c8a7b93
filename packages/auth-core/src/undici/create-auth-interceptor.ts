import type { Dispatcher } from 'undici';
import { AuthConfigError } from '../errors.js';
import type { AuthStrategy } from '../types.js';
import { parseBaseUrl, requireOptions } from '../validate.js';
import { AuthExchange } from './auth-exchange.js';
import { isReplayableBody, withCredentialHeaders } from './request-headers.js';

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
 *   credentials only to hops on the portal's origin, and undici's redirect handler drops
 *   `Authorization`, `Cookie` and `Proxy-Authorization` when the origin changes.
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
  const portal = parseBaseUrl(options.baseUrl, { allowInsecureHttp: options.allowInsecureHttp === true });
  const portalOrigin = portal.origin;

  return (dispatch) =>
    function authInterceptor(dispatchOptions, handler) {
      const origin = dispatchOptions.origin;
      // undici.request and fetch pass `url.origin`, already serialised: compare before parsing.
      if (origin !== portalOrigin && originOf(origin) !== portalOrigin)
        return dispatch(dispatchOptions, handler);
      const canRetry = typeof strategy.invalidate === 'function' && isReplayableBody(dispatchOptions.body);
      if (!canRetry) {
        // Nothing to retry (an API key, Basic, or a body that cannot be sent twice) and credentials at hand:
        // the request goes straight on with the caller's own handler, at the cost of a header merge.
        const cached = strategy.peekCredentials?.();
        if (cached !== undefined) {
          return dispatch(
            { ...dispatchOptions, headers: withCredentialHeaders(dispatchOptions.headers, cached) },
            handler,
          );
        }
      }
      new AuthExchange(dispatch, dispatchOptions, handler, strategy, canRetry).start();
      return true;
    };
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
