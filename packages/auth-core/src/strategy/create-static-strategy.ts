import { createCredentials } from '../credentials.js';
import { redactable } from '../secret.js';
import type { AuthStrategy, Credentials } from '../types.js';
import { requireOptions, requireString } from '../validate.js';

/** What {@link createStaticStrategy} takes. */
export interface StaticStrategyOptions {
  /** The strategy's `kind`, e.g. `apikey`. */
  kind: string;
  /** The scheme, e.g. `Bearer`. */
  scheme: string;
  /** The headers every request carries; checked like {@link createCredentials} checks them. */
  headers: Record<string, string>;
  /** What the strategy prints instead of its content (`ApiKeyAuth [redacted]`). Default `StaticAuth`. */
  label?: string | undefined;
}

/**
 * A strategy whose credentials never change (an API key, a password): `authenticate()` hands out the
 * same frozen, redacted {@link Credentials} every time, and `peekCredentials()` gives them
 * synchronously. It has no `invalidate()`: a 401 to such credentials is final, so transports return it
 * instead of asking again. The strategy itself is frozen and prints as `label [redacted]`.
 *
 * Throws `AuthConfigError` for a missing `kind` or `scheme`, and (`ERR_AUTH_INVALID_HEADER`) for a
 * header name or value that is not a legal HTTP field; the value is never quoted.
 *
 * @example
 * ```ts
 * const auth = createStaticStrategy({ kind: 'apikey', scheme: 'Bearer', headers: { authorization: `Bearer ${key}` } });
 * ```
 */
export function createStaticStrategy(options: StaticStrategyOptions): AuthStrategy {
  requireOptions(options, 'options');
  const kind = requireString(options.kind, 'kind');
  const label = options.label === undefined ? 'StaticAuth' : requireString(options.label, 'label');
  const credentials: Credentials = createCredentials({ scheme: options.scheme, headers: options.headers });
  const strategy: AuthStrategy = {
    kind,
    async authenticate({ signal } = {}) {
      signal?.throwIfAborted();
      return credentials;
    },
    // The credentials never change: transports may take them synchronously.
    peekCredentials: () => credentials,
  };
  return Object.freeze(redactable(strategy, label));
}
