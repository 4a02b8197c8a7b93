/**
 * The scopes that let a scoped credential (API key permissions or OAuth token scopes) call
 * `{method} {route}` (docs/docspace-behaviour.md §4.1): global `*:read`/`*:write`, plus the first matching area.
 * Returns `null` when the route needs no scope check at all (`GET keys/@self`).
 */
export function acceptedScopes(method: string, route: string): string[] | null {
  const isGet = method === 'GET' || method === 'HEAD';
  if (isGet && /^keys\/@self\/?$/.test(route)) return null;
  const accepted = isGet ? ['*:read', '*:write'] : ['*:write'];
  const area = areaOf(route);
  if (area) accepted.push(...(isGet ? [`${area}:read`, `${area}:write`] : [`${area}:write`]));
  return accepted;
}

function areaOf(route: string): string | null {
  if (/^files\/rooms(\/|$)/.test(route)) return 'rooms';
  if (/^files(\/|$)/.test(route)) return 'files';
  if (/^people\/@self(\/|$)/.test(route)) return 'accounts.self';
  if (/^people(\/|$)/.test(route)) return 'accounts';
  if (/^group(\/|$)/.test(route)) return 'accounts';
  return null;
}

/** Whether `granted` (null = full rights) may call the route. */
export function scopeAllows(granted: string[] | null, method: string, route: string): boolean {
  if (granted === null) return true;
  const accepted = acceptedScopes(method, route);
  return accepted === null || accepted.some((scope) => granted.includes(scope));
}
