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

/** Whether two credentials are the same token: by generation when either has one, else by headers. */
export function sameCredentials(a: Credentials, b: Credentials): boolean {
  if (a.generation !== undefined || b.generation !== undefined) return a.generation === b.generation;
  const names = Object.keys(a.headers);
  return (
    names.length === Object.keys(b.headers).length &&
    names.every((name) => a.headers[name] === b.headers[name])
  );
}
