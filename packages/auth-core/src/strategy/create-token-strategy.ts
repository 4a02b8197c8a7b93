import { boundStore } from '../bounded-store.js';
import { abortable } from '../clock.js';
import { createCredentials } from '../credentials.js';
import { AuthConfigError } from '../errors.js';
import { redactable } from '../secret.js';
import { createTokenManager } from '../token-manager.js';
import type {
  CurrentToken,
  GetTokenOptions,
  ManagedToken,
  TokenManagerOptions,
} from '../token-manager-types.js';
import type { AuthenticateOptions, AuthStrategy, Credentials } from '../types.js';
import { optionalFunction, requireOptions, requireString } from '../validate.js';

/** What {@link createTokenStrategy} takes: the token manager's options, and what only the strategy knows. */
export interface TokenStrategyOptions<T extends ManagedToken, K extends string = string>
  extends TokenManagerOptions<T> {
  /** The strategy's `kind`, e.g. `pat`. */
  kind: K;
  /** The headers that send `token`, e.g. `{ authorization: \`Bearer ${token.accessToken}\` }`. */
  toHeaders: (token: T) => Record<string, string>;
  /** The scheme of the credentials. Default `Bearer`. */
  scheme?: string | undefined;
  /** What the strategy prints instead of its content (`PersonalTokenAuth [redacted]`). Default `TokenAuth`. */
  label?: string | undefined;
  /** A token set to start with (e.g. straight from an OAuth callback); stored before the first call. */
  initial?: T | undefined;
  /**
   * Whether a held or stored token set may be sent by this strategy (e.g. it is for this portal). One
   * that may not is never sent: the next call obtains a new one. Default: every token set.
   */
  accepts?: ((token: T) => boolean) | undefined;
  /**
   * Revokes `token` on the server; `revoke()` then forgets it. Throw to keep the token, so `revoke()`
   * can be tried again. Leave it out when there is nothing to revoke: `revoke()` only forgets.
   */
  revokeToken?: ((token: T, options: AuthenticateOptions) => Promise<void>) | undefined;
}

/** A token-based strategy: what {@link createTokenStrategy} returns as `strategy`. */
export interface TokenStrategy<K extends string = string> extends AuthStrategy {
  readonly kind: K;
  /** Forgets the token after a 401 to it, so the next call refreshes (a 401 to an older one is ignored). */
  invalidate(rejected: Credentials): void;
  /** Revokes the held (or stored) token set on the server, then forgets it here and in the store. */
  revoke(options?: AuthenticateOptions): Promise<void>;
  /** The credentials of the current token set when it is fresh, without any I/O. */
  peekCredentials(): Credentials | undefined;
  /** Resolves once no refresh is in flight; await it before shutting down so a new token set is stored. */
  settle(): Promise<void>;
}

/** The token sets behind a {@link TokenStrategy}, for the strategy's own methods (`getTokens`, `setTokens`). */
export interface TokenAccess<T> {
  /** The current token set, refreshed first when it is due. */
  get(options?: GetTokenOptions): Promise<T>;
  /** Replaces the token set and persists it. */
  set(token: T): Promise<void>;
}

/**
 * The glue of every token-based strategy, written once: the token manager (cache, single-flight
 * refresh, store), one frozen {@link Credentials} object per token generation, `invalidate` by
 * generation, `settle`, and `revoke` (the held token set, or the stored one after a restart, revoked
 * with `revokeToken` and then cleared). The strategy package hands it `obtain` (log in or refresh) and
 * `toHeaders` (how a token is sent), plus its manager options.
 *
 * Throws `AuthConfigError` naming the option for a missing `kind`, `obtain` or `toHeaders`, and every
 * error of `createTokenManager`. Without `initial` or a stored token set, `authenticate()` calls
 * `obtain`; its errors are the strategy's.
 *
 * @example
 * ```ts
 * const { strategy } = createTokenStrategy<Session>({
 *   kind: 'session',
 *   obtain: ({ signal }) => logIn(signal), // resolves to { token, expiresAt, issuedAt }
 *   toHeaders: (session) => ({ authorization: `Bearer ${session.token}` }),
 * });
 * ```
 */
export function createTokenStrategy<T extends ManagedToken, K extends string = string>(
  options: TokenStrategyOptions<T, K>,
): { strategy: TokenStrategy<K>; tokens: TokenAccess<T> } {
  requireOptions(options, 'options');
  const kind = requireString(options.kind, 'kind') as K;
  const toHeaders = optionalFunction<(token: T) => Record<string, string>>(options.toHeaders, 'toHeaders');
  if (!toHeaders) throw new AuthConfigError('toHeaders', '"toHeaders" must be a function');
  const scheme = options.scheme === undefined ? 'Bearer' : requireString(options.scheme, 'scheme');
  const label = options.label === undefined ? 'TokenAuth' : requireString(options.label, 'label');
  const accepts = optionalFunction<(token: T) => boolean>(options.accepts, 'accepts') ?? (() => true);
  const revokeToken = optionalFunction<NonNullable<TokenStrategyOptions<T>['revokeToken']>>(
    options.revokeToken,
    'revokeToken',
  );
  const manager = createTokenManager<T>(options);
  const { key } = options;
  // Read here only to revoke the stored set after a restart, with the manager's deadline on store calls.
  const store = options.store && boundStore(options.store, { callMs: options.storeTimeoutMs });
  const ready =
    options.initial === undefined ? undefined : manager.set(options.initial).then(() => undefined);
  // A store failing here is reported by the calls that await `ready`, not as an unhandled rejection.
  ready?.catch(() => undefined);

  // One Credentials object per token generation: the cached path is a lookup, not a rebuild.
  let cached: { generation: number; credentials: Credentials } | undefined;
  const credentialsFor = ({ token, generation }: CurrentToken<T>): Credentials => {
    if (cached?.generation === generation) return cached.credentials;
    const credentials = createCredentials({
      scheme,
      headers: toHeaders(token),
      expiresAt: token.expiresAt,
      generation,
    });
    cached = { generation, credentials };
    return credentials;
  };

  const current = async (getOptions: GetTokenOptions = {}): Promise<CurrentToken<T>> => {
    if (ready) await ready;
    const held = await manager.get(getOptions);
    if (accepts(held.token)) return held;
    // Stored under the same key for another use (another portal): never send it, get a new one.
    manager.invalidate(held.generation);
    return manager.get(getOptions);
  };

  const strategy: TokenStrategy<K> = {
    kind,
    async authenticate(authOptions = {}) {
      return credentialsFor(await current({ signal: authOptions.signal }));
    },
    peekCredentials() {
      const fresh = manager.peekFresh();
      return fresh && accepts(fresh.token) ? credentialsFor(fresh) : undefined;
    },
    invalidate(rejected) {
      if (rejected.generation !== undefined) manager.invalidate(rejected.generation);
    },
    settle: () => manager.settle(),
    async revoke(revokeOptions = {}) {
      if (ready) await ready;
      const held =
        manager.peek()?.token ??
        (store && key ? (await abortable(store.get(key), revokeOptions.signal))?.value : undefined);
      if (held !== undefined && revokeToken && accepts(held)) await revokeToken(held, revokeOptions);
      await manager.clear();
    },
  };
  const tokens: TokenAccess<T> = {
    get: async (getOptions) => (await current(getOptions)).token,
    async set(token) {
      if (ready) await ready;
      await manager.set(token);
    },
  };
  return { strategy: redactable(strategy, label), tokens: redactable(tokens, label) };
}
