import type { AuthStrategy, Secret } from '@ds/auth-core';
import { createStaticStrategy, requireOptions } from '@ds/auth-core/strategy';
import { assertApiKey } from './api-key-format.js';

/** Options for {@link createApiKeyAuth}. */
export interface ApiKeyAuthOptions {
  /** The full key, `sk-` and 64 lowercase hex characters, as `POST /api/2.0/keys` returned it once. */
  apiKey: string | Secret;
}

/**
 * Creates a strategy that sends `Authorization: Bearer sk-…` (capital B: DocSpace routes `bearer`
 * to the cookie scheme and answers 401).
 *
 * Throws `AuthConfigError` (`ERR_AUTH_INVALID_OPTION`, option `apiKey`) when the key is not `sk-`
 * plus 64 lowercase hex characters; the message names the problem, never the key. There is no
 * `invalidate()`: a 401 means the key is invalid, expired or inactive, and asking again cannot help.
 *
 * @example
 * ```ts
 * const auth = createApiKeyAuth({ apiKey });
 * const client = createDocSpaceClient({ baseUrl: 'https://portal.example.com', auth });
 * ```
 * @see docs/docspace-behaviour.md §4.1
 */
export function createApiKeyAuth(options: ApiKeyAuthOptions): AuthStrategy {
  requireOptions(options, 'options');
  const apiKey = assertApiKey(options.apiKey, 'apiKey');
  return createStaticStrategy({
    kind: 'apikey',
    label: 'ApiKeyAuth',
    scheme: 'Bearer',
    headers: { authorization: `Bearer ${apiKey}` },
  });
}
