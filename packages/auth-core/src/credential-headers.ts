import type { Credentials } from './types.js';

/**
 * Merges a credential cookie into a `Cookie` header value: cookies of the same name are replaced,
 * the caller's others are kept.
 */
export function mergeCookies(current: string, credential: string): string {
  const names = credential.split(';').map(cookieName);
  let kept = '';
  for (const part of current.split(';')) {
    const pair = part.trim();
    if (pair !== '' && !names.includes(cookieName(pair))) kept += `${pair}; `;
  }
  return kept + credential;
}

/** The name of one `name=value` pair of a `Cookie` header (the whole pair when it has no `=`). */
function cookieName(pair: string): string {
  const equals = pair.indexOf('=');
  return (equals < 0 ? pair : pair.slice(0, equals)).trim();
}

/**
 * Adds the credential headers to request fields keyed by lower-case name: each replaces the field of
 * its name, except `cookie`, which is merged into the caller's cookies (a repeated `Cookie` field
 * joined first). A header literally named `__proto__` stays a plain own field.
 */
export function addCredentialFields(
  fields: Record<string, string | string[]>,
  credentials: Credentials,
): void {
  const own = credentials.headers;
  for (const rawName of Object.keys(own)) {
    const name = rawName.toLowerCase();
    const value = own[rawName] as string;
    const existing = name === 'cookie' && Object.hasOwn(fields, 'cookie') ? fields.cookie : undefined;
    setOwnField(
      fields,
      name,
      existing === undefined
        ? value
        : mergeCookies(Array.isArray(existing) ? existing.join('; ') : existing, value),
    );
  }
}

/** Sets a field as an own property, `__proto__` included (an assignment would set the prototype). */
export function setOwnField(
  fields: Record<string, string | string[]>,
  key: string,
  value: string | string[],
): void {
  if (key === '__proto__') {
    Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    fields[key] = value;
  }
}

/** Whether two credentials are the same token: by generation when either has one, else by headers. */
export function sameCredentials(a: Credentials, b: Credentials): boolean {
  if (a.generation !== undefined || b.generation !== undefined) return a.generation === b.generation;
  const names = Object.keys(a.headers);
  return (
    names.length === Object.keys(b.headers).length &&
    names.every((name) => a.headers[name] === b.headers[name])
  );
}
