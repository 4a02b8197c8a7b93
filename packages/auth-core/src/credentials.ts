import { redactable } from './secret.js';
import type { Credentials } from './types.js';
import { assertHeaderName, assertHeaderValue } from './validate.js';

/** What {@link createCredentials} takes. */
export interface CredentialsInit {
  /** The scheme, for example `Bearer`. */
  scheme: string;
  /** The headers to add. Names are lower-cased; values are checked for control characters. */
  headers: Record<string, string>;
  /** When the credentials stop working, in epoch milliseconds. */
  expiresAt?: number | undefined;
  /** Which token this is, from the token manager. */
  generation?: number | undefined;
}

/**
 * Builds a frozen {@link Credentials} object that redacts itself (and its `headers`) in
 * `util.inspect`, `JSON.stringify` and `String()`.
 *
 * Throws `AuthConfigError` (`ERR_AUTH_INVALID_HEADER`) if a header name or value is not a legal
 * HTTP field, for example when it contains CR or LF.
 *
 * @example
 * ```ts
 * createCredentials({ scheme: 'Bearer', headers: { authorization: `Bearer ${token}` } });
 * ```
 */
export function createCredentials(init: CredentialsInit): Credentials {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init.headers)) {
    assertHeaderName(name, `headers.${name}`);
    assertHeaderValue(value, `headers.${name}`);
    headers[name.toLowerCase()] = value;
  }
  const credentials: Credentials = {
    scheme: init.scheme,
    headers: Object.freeze(redactable(headers, 'Headers')),
    ...(init.expiresAt === undefined ? {} : { expiresAt: init.expiresAt }),
    ...(init.generation === undefined ? {} : { generation: init.generation }),
  };
  return Object.freeze(redactable(credentials, `Credentials(${init.scheme})`));
}
