// The public types of the token manager: its options, what `obtain` receives, its events and its methods.
import type { RefreshWindowOptions, RetryOptions } from './refresh-policy.js';
import type { TokenStore } from './token-store.js';
import type { Clock } from './types.js';

/** The fields the token manager reads from a token set. Everything else is the strategy's. */
export interface ManagedToken {
  /** When the token expires, in epoch milliseconds. Without it the token is used until invalidated. */
  expiresAt?: number | undefined;
  /** When the token was issued, in epoch milliseconds; used to scale the refresh window. */
  issuedAt?: number | undefined;
}

/** Why the token manager asks for a new token. */
export type RefreshReason = 'initial' | 'expiring' | 'expired' | 'invalidated' | 'forced';

/** What {@link TokenManagerOptions.obtain} receives. */
export interface ObtainContext<T> {
  /** The token set being replaced (with its refresh token), or `undefined` when there is none. */
  readonly current: T | undefined;
  /** Why a token is needed. */
  readonly reason: RefreshReason;
  /** Aborts on this attempt's timeout. Never a caller's signal: callers may give up, the refresh goes on. */
  readonly signal: AbortSignal;
  /** 1 for the first attempt of this refresh, 2 for the first retry, ... */
  readonly attempt: number;
}

/** An event for every way a token set changes, for persistence hooks, metrics and logs. */
export interface TokenEvent<T> {
  /** `obtained` (login or refresh), `loaded` (from the store, e.g. another process refreshed), `set`, `cleared`. */
  readonly type: 'obtained' | 'loaded' | 'set' | 'cleared';
  /** For `obtained`: why. */
  readonly reason?: RefreshReason;
  /** The new token set; `undefined` for `cleared`. Never log it: it holds secrets. */
  readonly token: T | undefined;
  /** The generation of the new token set (0 for `cleared`). */
  readonly generation: number;
}

/** Options for {@link createTokenManager}. */
export interface TokenManagerOptions<T extends ManagedToken> {
  /** Gets a new token set: a login, a refresh-token grant, ... Throw an `AuthError` to fail. */
  obtain: (context: ObtainContext<T>) => Promise<T>;
  /** Where token sets persist. Without one they live in this manager only. */
  store?: TokenStore<T> | undefined;
  /** The store key of this token set, for example one per DocSpace user. Required with `store`. */
  key?: string | undefined;
  /** The time source. Default: the system clock. */
  clock?: Clock | undefined;
  /** How early to refresh. */
  refreshWindow?: RefreshWindowOptions | undefined;
  /** How to retry failing refreshes. */
  retry?: RetryOptions | undefined;
  /** Timeout of one `obtain` attempt in milliseconds. Default 30 000. */
  timeoutMs?: number | undefined;
  /** How long to wait for another process's lock in milliseconds. Default 60 000. */
  lockTimeoutMs?: number | undefined;
  /**
   * How long one store call (`get`, `compareAndSet`, releasing a lock) may take in milliseconds before it
   * counts as a retryable failure (`AuthTimeoutError`), so a stalled store cannot hold up the refresh
   * and the callers waiting for it. Default 20 000.
   */
  storeTimeoutMs?: number | undefined;
  /** Called for every change of the token set. Exceptions thrown here are ignored. */
  onTokens?: ((event: TokenEvent<T>) => void) | undefined;
  /** Whether an error from `obtain` is worth retrying. Default: `AuthError.retryable`. */
  isRetryable?: ((error: unknown) => boolean) | undefined;
  /**
   * Whether an error from `obtain` means the token set is dead for good (an OAuth `invalid_grant`).
   * The set is then forgotten, and removed from the store only if nobody replaced it meanwhile.
   */
  isTerminal?: ((error: unknown) => boolean) | undefined;
}

/** A token set with the generation that identifies it. */
export interface CurrentToken<T> {
  readonly token: T;
  readonly generation: number;
}

/** Options for {@link TokenManager.get}. */
export interface GetTokenOptions {
  /** Stop waiting. Never cancels a refresh other callers share. */
  signal?: AbortSignal | undefined;
  /** Get a new token even if the current one is fresh. */
  forceRefresh?: boolean | undefined;
}

/** The token lifecycle of one token set. Create one per user and keep it: the cache is per instance. */
export interface TokenManager<T extends ManagedToken> {
  /** A fresh token set: cached, refreshed proactively, one refresh however many callers wait. */
  get(options?: GetTokenOptions): Promise<CurrentToken<T>>;
  /** The server rejected generation `generation`: the next `get()` obtains a new token. Older generations are ignored. */
  invalidate(generation: number): void;
  /** Replaces the token set (e.g. after an OAuth callback) and persists it. */
  set(token: T): Promise<CurrentToken<T>>;
  /** Forgets the token set here and in the store. A refresh in flight will not bring it back. */
  clear(): Promise<void>;
  /** The token set held right now, without any I/O. */
  peek(): CurrentToken<T> | undefined;
  /** The token set when it is fresh (not due for refresh, not invalidated), without any I/O. */
  peekFresh(): CurrentToken<T> | undefined;
  /**
   * Resolves once no refresh is in flight (background ones included), whatever their outcome. Await
   * it before closing a store's connection or exiting, so a rotated refresh token is written first.
   */
  settle(): Promise<void>;
}
