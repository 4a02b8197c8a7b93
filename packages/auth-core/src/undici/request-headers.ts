import type { Credentials } from '../types.js';
import { addCredentialFields, setOwnField } from '../credential-headers.js';

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
 * Runs once per request: one new object, and no array or `Map` for the usual plain-object headers
 * with string values.
 *
 * @example
 * ```ts
 * withCredentialHeaders({ Cookie: 'theme=dark' }, credentials);
 * // { cookie: 'theme=dark; asc_auth_key=...', authorization: 'Bearer ...' }
 * ```
 */
export function withCredentialHeaders(headers: unknown, credentials: Credentials): NormalizedHeaders {
  const fields: NormalizedHeaders = {};
  if (headers !== undefined && headers !== null) collectHeaders(headers, fields);
  addCredentialFields(fields, credentials);
  return fields;
}

/** Adds every field of the caller's headers (any form undici accepts) to `fields`. */
function collectHeaders(headers: unknown, fields: NormalizedHeaders): void {
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) {
      for (const pair of headers as unknown[][]) addField(fields, pair[0], pair[1]);
    } else {
      for (let index = 0; index < headers.length; index += 2)
        addField(fields, headers[index], headers[index + 1]);
    }
  } else if (typeof headers === 'object' && headers !== null && hasSafeIterator(headers)) {
    for (const pair of headers as Iterable<unknown>) {
      if (Array.isArray(pair)) addField(fields, pair[0], pair[1]);
    }
  } else if (typeof headers === 'object' && headers !== null) {
    const record = headers as Record<string, unknown>;
    for (const name of Object.keys(record)) addField(fields, name, record[name]);
  }
}

/** Adds one caller field; a name seen before (in any case) becomes an array of every value. */
function addField(fields: NormalizedHeaders, name: unknown, value: unknown): void {
  if (value === undefined || value === null) return;
  const key = text(name).toLowerCase();
  const added: string | string[] = Array.isArray(value) ? value.map(text) : text(value);
  const existing = fieldOf(fields, key);
  if (existing === undefined) {
    setOwnField(fields, key, added);
    return;
  }
  const values = Array.isArray(existing) ? [...existing] : [existing];
  if (Array.isArray(added)) values.push(...added);
  else values.push(added);
  setOwnField(fields, key, values);
}

/** The field's own value: never one inherited from `Object.prototype` (`constructor`, `toString`). */
function fieldOf(fields: NormalizedHeaders, key: string): string | string[] | undefined {
  return Object.hasOwn(fields, key) ? fields[key] : undefined;
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
