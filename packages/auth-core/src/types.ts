/** Options every {@link AuthStrategy.authenticate} call accepts. */
export interface AuthenticateOptions {
  /** Abort waiting for credentials. Aborting never cancels a refresh other callers share. */
  signal?: AbortSignal;
}

/**
 * What a strategy hands out: the headers to add to a DocSpace request.
 *
 * Build them with {@link createCredentials} so they redact themselves in logs.
 */
export interface Credentials {
  /** The scheme, for example `Bearer` or `Basic`. */
  readonly scheme: string;
  /** Headers to add to a request to the portal (`Authorization`, and for some strategies `Cookie`). */
  readonly headers: Readonly<Record<string, string>>;
  /** When these credentials stop working, in epoch milliseconds, if known. */
  readonly expiresAt?: number | undefined;
  /** Which token this is. A 401 for an older generation never triggers another refresh. */
  readonly generation?: number | undefined;
}

/**
 * The one interface every way of authenticating implements.
 *
 * @example
 * ```ts
 * const strategy: AuthStrategy = {
 *   kind: 'static',
 *   authenticate: async () => createCredentials({ scheme: 'Bearer', headers: { authorization: `Bearer ${token}` } }),
 * };
 * ```
 */
export interface AuthStrategy {
  /** `basic`, `apikey`, `pat`, `oauth`, `oidc`, or a custom name. */
  readonly kind: string;
  /** Resolve credentials for the next request, refreshing or logging in as needed. */
  authenticate(options?: AuthenticateOptions): Promise<Credentials>;
  /** The server answered 401 to these credentials: forget them so the next call gets fresh ones. */
  invalidate?(rejected: Credentials): Promise<void> | void;
  /** Log out or revoke the credentials on the server, and forget them locally. */
  revoke?(options?: AuthenticateOptions): Promise<void>;
  /**
   * The current credentials, synchronously, when they are cached and fresh (no I/O, no refresh due);
   * `undefined` otherwise. Optional: transports use it to skip a promise per request on the hot path
   * and fall back to `authenticate()` when it returns `undefined`.
   */
  peekCredentials?(): Credentials | undefined;
}

/** The `fetch` signature the library accepts and returns (the WHATWG one). */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A source of time. Tests inject one to move time without waiting. */
export interface Clock {
  /** The current time in epoch milliseconds. */
  now(): number;
  /** Wait `ms` milliseconds, or reject with the signal's reason when it aborts. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
}
