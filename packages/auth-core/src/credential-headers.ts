import type { Credentials } from './types.js';

/**
 * Merges a credential cookie into a `Cookie` header value: cookies of the same name are replaced,
 * the caller's others are kept.
 */
export function mergeCookies(current: string, credential: string): string {
  const names = new Set(credential.split(';').map((pair) => pair.split('=')[0]?.trim()));
  const kept = current
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '' && !names.has(pair.split('=')[0]?.trim()));
  return [...kept, credential].join('; ');
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
