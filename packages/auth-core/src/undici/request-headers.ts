import type { Credentials } from '../types.js';
import { mergeCookies } from '../credential-headers.js';

/** Request headers as the interceptor hands them on: lower-case names, repeated fields as arrays. */
export type NormalizedHeaders = Record<string, string | string[]>;

/**
 * Returns the request headers with the credentials added, in the object form undici accepts.
 *
 * Accepts every header form undici accepts (a plain object, a flat `[name, value, ...]` array, an
 * array of pairs, or any iterable of pairs such as `Headers` or `Map`). Names are lower-cased and
 * repeated fields are kept as arrays. A credential header replaces the caller's header of that
 * name, except `cookie`, which is merged: the caller's other cookies stay, a cookie of the same
 * name is replaced. The input is never modified.
 *
 * @example
 * ```ts
 * withCredentialHeaders({ Cookie: 'theme=dark' }, credentials);
 * // { cookie: 'theme=dark; asc_auth_key=...', authorization: 'Bearer ...' }
 * ```
 */
export function withCredentialHeaders(headers: unknown, credentials: Credentials): NormalizedHeaders {
  if (headers === undefined || headers === null) {
    // No headers of the caller's (undici.request's default): the credentials alone, names lower-cased.
    const only: NormalizedHeaders = {};
    for (const name of Object.keys(credentials.headers))
      only[name.toLowerCase()] = credentials.headers[name] as string;
    return only;
  }
  const fields = collectHeaders(headers);
  for (const [rawName, value] of Object.entries(credentials.headers)) {
    const name = rawName.toLowerCase();
    if (name === 'cookie') {
      const existing = fields.get('cookie');
      const current = existing === undefined ? '' : Array.isArray(existing) ? existing.join('; ') : existing;
      fields.set('cookie', mergeCookies(current, value));
    } else {
      fields.set(name, value);
    }
  }
  return Object.fromEntries(fields);
}

function collectHeaders(headers: unknown): Map<string, string | string[]> {
  const fields = new Map<string, string | string[]>();
  const add = (name: unknown, value: unknown): void => {
    if (value === undefined || value === null) return;
    const key = text(name).toLowerCase();
    const values = Array.isArray(value) ? value.map(text) : [text(value)];
    const existing = fields.get(key);
    if (existing === undefined) {
      fields.set(key, Array.isArray(value) ? values : (values[0] as string));
    } else {
      fields.set(key, [...(Array.isArray(existing) ? existing : [existing]), ...values]);
    }
  };
  if (headers === undefined || headers === null) return fields;
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) {
      for (const pair of headers as unknown[][]) add(pair[0], pair[1]);
    } else {
      for (let index = 0; index < headers.length; index += 2) add(headers[index], headers[index + 1]);
    }
  } else if (typeof headers === 'object' && hasSafeIterator(headers)) {
    for (const pair of headers as Iterable<unknown>) {
      if (Array.isArray(pair)) add(pair[0], pair[1]);
    }
  } else if (typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers)) add(name, value);
  }
  return fields;
}

/** Same test as undici's `hasSafeIterator`: a plain object with a `Symbol.iterator` key is still a plain object. */
function hasSafeIterator(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return (
    Object.hasOwn(value, Symbol.iterator) ||
    (prototype !== null &&
      prototype !== Object.prototype &&
      typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function')
  );
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  return String(value);
}
