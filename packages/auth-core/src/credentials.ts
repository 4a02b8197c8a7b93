import { redactable } from './secret.js';
import type { Credentials } from './types.js';
import { AuthConfigError } from './errors.js';
import {
  assertHeaderName,
  assertHeaderValue,
  optionalNumber,
  requireOptions,
  requireString,
} from './validate.js';

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
 * HTTP field, for example when it contains CR or LF, and (`ERR_AUTH_INVALID_OPTION`) for a missing
 * `scheme` or `headers` or a non-numeric `expiresAt` or `generation`.
 *
 * @example
 * ```ts
 * createCredentials({ scheme: 'Bearer', headers: { authorization: `Bearer ${token}` } });
 * ```
 */
export function createCredentials(init: CredentialsInit): Credentials {
  requireOptions(init, 'credentials');
  requireString(init.scheme, 'scheme');
  if (typeof init.headers !== 'object' || init.headers === null || Array.isArray(init.headers))
    throw new AuthConfigError('headers', '"headers" must be an object of header names and values');
  optionalNumber(init.expiresAt, 'expiresAt', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  optionalNumber(init.generation, 'generation', 0, Number.MAX_SAFE_INTEGER);
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
