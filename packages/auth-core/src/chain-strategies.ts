import { abortable } from './clock.js';
import { AuthConfigError, AuthError } from './errors.js';
import { redactable } from './secret.js';
import type { AuthenticateOptions, AuthStrategy, Credentials } from './types.js';

/** Options for {@link chainStrategies}, given as the last argument. */
export interface ChainOptions {
  /** Whether an error lets the chain try the next strategy. Default: code `ERR_AUTH_UNAVAILABLE` only. */
  fallThroughOn?: ((error: unknown) => boolean) | undefined;
}

/** A strategy made of several; `selected` tells which one won. */
export interface ChainedStrategy extends AuthStrategy {
  /** The strategy that answered first, once one has. */
  readonly selected: AuthStrategy | undefined;
}

const isUnavailable = (error: unknown): boolean =>
  AuthError.isInstance(error) && error.code === 'ERR_AUTH_UNAVAILABLE';

/**
 * Tries strategies in order; the first one that produces credentials wins and sticks, so later calls,
 * `invalidate` and `revoke` go to it alone. A strategy that throws `AuthUnavailableError` (nothing
 * configured, no stored token) passes to the next one; any other error stops the chain, so a wrong
 * password is reported instead of silently falling through to an interactive login.
 *
 * Throws `AuthConfigError` when given no strategies; `authenticate()` rejects with an
 * `AuthError` (`ERR_AUTH_NO_STRATEGY`) when every strategy is unavailable.
 *
 * @example
 * ```ts
 * const auth = chainStrategies(apiKeyFromEnv, storedPat, interactiveOAuth);
 * ```
 */
export function chainStrategies(...items: Array<AuthStrategy | ChainOptions>): ChainedStrategy {
  const last: unknown = items[items.length - 1];
  // Only a plain object without `authenticate` is the options bag; anything else is checked as a strategy below.
  const hasOptions =
    typeof last === 'object' && last !== null && !Array.isArray(last) && !('authenticate' in last);
  const options = (hasOptions ? last : {}) as ChainOptions;
  if (options.fallThroughOn !== undefined && typeof options.fallThroughOn !== 'function')
    throw new AuthConfigError('fallThroughOn', '"fallThroughOn" must be a function');
  const strategies = (hasOptions ? items.slice(0, -1) : items) as AuthStrategy[];
  if (strategies.length === 0)
    throw new AuthConfigError('strategies', 'chainStrategies() needs at least one strategy');
  strategies.forEach((strategy, index) => {
    if (typeof strategy !== 'object' || strategy === null || typeof strategy.authenticate !== 'function') {
      throw new AuthConfigError(`strategies[${index}]`, `"strategies[${index}]" is not an AuthStrategy`);
    }
  });
  const fallThrough = options.fallThroughOn ?? isUnavailable;
  let selected: AuthStrategy | undefined;
  let selecting: Promise<Credentials> | undefined;

  const select = async (authOptions: AuthenticateOptions): Promise<Credentials> => {
    const reasons: string[] = [];
    for (const strategy of strategies) {
      try {
        const credentials = await strategy.authenticate(authOptions);
        selected = strategy;
        return credentials;
      } catch (error) {
        if (!fallThrough(error)) throw error;
        reasons.push(`${strategy.kind}: ${error instanceof Error ? error.message : 'unavailable'}`);
      }
    }
    throw new AuthError('ERR_AUTH_NO_STRATEGY', `no strategy could authenticate (${reasons.join('; ')})`);
  };

  const chain: ChainedStrategy = {
    kind: 'chain',
    get selected() {
      return selected;
    },
    async authenticate(authOptions = {}) {
      if (selected) return selected.authenticate(authOptions);
      // Concurrent first calls share one selection, so an interactive strategy is not started twice.
      selecting ??= select({}).finally(() => {
        selecting = undefined;
      });
      return abortable(selecting, authOptions.signal);
    },
    peekCredentials() {
      return selected?.peekCredentials?.();
    },
    async invalidate(rejected) {
      await selected?.invalidate?.(rejected);
    },
    async revoke(authOptions) {
      await selected?.revoke?.(authOptions);
    },
  };
  return redactable(chain, 'ChainedStrategy');
}
