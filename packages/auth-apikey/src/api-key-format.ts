import { AuthConfigError, Secret } from '@ds/auth-core';

const API_KEY = /^sk-[0-9a-f]{64}$/;

/**
 * True when `value` has the shape of a full DocSpace API key: `sk-` and 64 lowercase hex characters.
 *
 * @example
 * ```ts
 * isApiKey(configuredKey); // false for undefined, a masked "sk-***1a2b", or "Bearer sk-…"
 * ```
 * @see docs/docspace-behaviour.md §4.1
 */
export function isApiKey(value: unknown): value is string {
  return typeof value === 'string' && API_KEY.test(value);
}

/**
 * Returns the key as a string after checking its format. Throws `AuthConfigError`
 * (`ERR_AUTH_INVALID_OPTION`) naming `option` and the problem; the key itself is never echoed.
 *
 * @example
 * ```ts
 * const key = assertApiKey(options.apiKey, 'apiKey');
 * ```
 * @see docs/docspace-behaviour.md §4.1
 */
export function assertApiKey(value: unknown, option = 'apiKey'): string {
  const key = value instanceof Secret ? value.reveal() : value;
  const fail = (problem: string): never => {
    throw new AuthConfigError(option, `"${option}" ${problem}`);
  };
  if (typeof key !== 'string' || key.length === 0) return fail('must be a non-empty string');
  if (key !== key.trim()) return fail('has leading or trailing white space');
  if (/^bearer\s/i.test(key)) return fail('must be the key alone, without the "Bearer " prefix');
  if (!key.startsWith('sk-')) return fail('must start with "sk-"');
  if (key.startsWith('sk-***')) {
    return fail('is a masked key ("sk-***…"); DocSpace shows the full key only once, when it is created');
  }
  if (!API_KEY.test(key)) return fail('must have 64 lowercase hex characters after "sk-"');
  return key;
}
