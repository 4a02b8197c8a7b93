import { Agent, Dispatcher } from 'undici';
import { AuthConfigError } from '../errors.js';
import type { AuthStrategy } from '../types.js';
import {
  type AuthInterceptorOptions,
  checkAuthArguments,
  dispatchToPortal,
  isPortalOrigin,
} from './create-auth-interceptor.js';

/** Options for {@link createAuthDispatcher}. */
export interface AuthDispatcherOptions extends AuthInterceptorOptions {
  /**
   * The dispatcher that sends the requests: an `Agent`, `Pool`, `ProxyAgent`, or one composed with
   * other interceptors. Default: a new `Agent`. Closing or destroying the auth dispatcher closes or
   * destroys it.
   */
  dispatcher?: Dispatcher | undefined;
}

/** The events a dispatcher emits about its connections, passed on from the wrapped one. */
const FORWARDED_EVENTS = ['connect', 'disconnect', 'connectionError', 'drain'] as const;

// No `#private` fields: `compose()` returns a Proxy of this object, and methods called through it
// (close, destroy) would fail to read them.
class AuthDispatcher extends Dispatcher {
  private readonly inner: Dispatcher;
  private readonly strategy: AuthStrategy;
  private readonly portalOrigin: string;
  private readonly dispatchInner: Dispatcher.Dispatch;

  constructor(strategy: AuthStrategy, options: AuthDispatcherOptions) {
    super();
    this.portalOrigin = checkAuthArguments(strategy, options);
    const inner = options.dispatcher ?? new Agent();
    if (typeof inner !== 'object' || inner === null || typeof inner.dispatch !== 'function') {
      throw new AuthConfigError(
        'dispatcher',
        '"dispatcher" must be an undici Dispatcher (an Agent, a Pool, ...)',
      );
    }
    this.inner = inner;
    this.strategy = strategy;
    this.dispatchInner = inner.dispatch.bind(inner);
    // Connection events are passed on once somebody listens for them here, so wrapping a shared Agent
    // many times adds no listeners to it.
    const forwarded = new Set<string | symbol>();
    const self = this as unknown as NodeJS.EventEmitter;
    self.on('newListener', (event: string | symbol) => {
      if (!(FORWARDED_EVENTS as readonly (string | symbol)[]).includes(event) || forwarded.has(event)) return;
      forwarded.add(event);
      (inner as unknown as NodeJS.EventEmitter).on(event, (...args: unknown[]) => self.emit(event, ...args));
    });
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    if (!isPortalOrigin(options.origin, this.portalOrigin)) return this.inner.dispatch(options, handler);
    return dispatchToPortal(this.dispatchInner, options, handler, this.strategy, this.portalOrigin);
  }

  override close(...args: unknown[]): Promise<void> {
    return (this.inner.close as (...rest: unknown[]) => Promise<void>)(...args);
  }

  override destroy(...args: unknown[]): Promise<void> {
    return (this.inner.destroy as (...rest: unknown[]) => Promise<void>)(...args);
  }
}

/**
 * Creates an undici `Dispatcher` (undici 7 or 8) that adds the strategy's credentials to requests for
 * the portal: the first choice for undici users. The same rules as {@link createAuthInterceptor},
 * without `compose()`'s handler wrappers: with cached credentials a request goes to the wrapped
 * dispatcher with the caller's own handler, at the cost of a header merge.
 *
 * - Credentials go only to the portal's origin; other requests pass through untouched.
 * - A 401 from the portal is retried once with fresh credentials when the strategy can refresh and
 *   the body can be sent again (the rule `withAuth` follows too); otherwise it reaches the caller unchanged.
 * - Redirects are not followed: compose `interceptors.redirect()` on the result
 *   (`createAuthDispatcher(...).compose(interceptors.redirect())`), so every hop passes through it.
 *
 * Throws `AuthConfigError` (`ERR_AUTH_INVALID_OPTION`, or `ERR_AUTH_INSECURE_URL`) naming the option.
 *
 * @example
 * ```ts
 * import { Agent, request } from 'undici';
 * import { createAuthDispatcher } from '@ds/auth-core/undici';
 *
 * const dispatcher = createAuthDispatcher(strategy, { baseUrl: 'https://portal.example.com', dispatcher: new Agent() });
 * const { statusCode, body } = await request('https://portal.example.com/api/2.0/people/@self', { dispatcher });
 * ```
 */
export function createAuthDispatcher(strategy: AuthStrategy, options: AuthDispatcherOptions): Dispatcher {
  return new AuthDispatcher(strategy, options);
}
