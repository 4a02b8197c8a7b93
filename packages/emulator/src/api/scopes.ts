// The scope policy of each API endpoint, as `common/ASC.Api.Core/Auth/AuthorizationExtension.cs` builds it
// (`ScopesMap`, `GetAuthorizePolicy`): the global scopes for the method, plus the scopes of the first
// `ScopesMap` pattern that matches "<METHOD> <route template>".

/** `ScopesMap` in its order; the write patterns name POST, PUT, DELETE and UPDATE, never PATCH. */
const SCOPES_MAP: ReadonlyArray<readonly [RegExp, readonly string[] | null]> = [
  [/^GET files\/rooms/, ['rooms:read', 'rooms:write']],
  [/^(POST|PUT|DELETE|UPDATE) files\/rooms/, ['rooms:write']],
  [/^GET files/, ['files:read', 'files:write']],
  [/^(POST|PUT|DELETE|UPDATE) files/, ['files:write']],
  [/^GET people\/@self/, ['accounts.self:read', 'accounts.self:write']],
  [/^(POST|PUT|DELETE|UPDATE) people\/@self/, ['accounts.self:write']],
  [/^GET people/, ['accounts:read', 'accounts:write']],
  [/^(POST|PUT|DELETE|UPDATE) people/, ['accounts:write']],
  // A GET on a group endpoint accepts accounts:read only, not accounts:write.
  [/^GET group/, ['accounts:read']],
  [/^(POST|PUT|DELETE|UPDATE) group/, ['accounts:write']],
  // `[ "*" ]`: no policy at all.
  [/^GET keys\/@self?/, null],
];

/**
 * The scopes that let a scoped credential (API key permissions or OAuth token scopes) call
 * `{method} {route}`: `*:read` and `*:write` for GET, `*:write` for every other method, plus those of
 * the first matching area. A PATCH matches no area, so it accepts `*:write` only. Returns `null` when
 * the route has no scope policy at all (`GET keys/@self`).
 */
export function acceptedScopes(method: string, route: string): string[] | null {
  const verb = method === 'HEAD' ? 'GET' : method;
  const accepted = verb === 'GET' ? ['*:read', '*:write'] : ['*:write'];
  const entry = SCOPES_MAP.find(([pattern]) => pattern.test(`${verb} ${route}`));
  if (entry && entry[1] === null) return null;
  for (const scope of entry?.[1] ?? []) if (!accepted.includes(scope)) accepted.push(scope);
  return accepted;
}

/** Whether `granted` (null = full rights) may call the route. */
export function scopeAllows(granted: string[] | null, method: string, route: string): boolean {
  if (granted === null) return true;
  const accepted = acceptedScopes(method, route);
  return accepted === null || accepted.some((scope) => granted.includes(scope));
}
