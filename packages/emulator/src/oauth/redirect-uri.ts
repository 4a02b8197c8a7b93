import type { ClientRecord } from '../state/emulator-state.js';

function isLoopbackIp(hostname: string): boolean {
  return /^127(\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]';
}

/**
 * Spring's redirect-URI rule: exact string match, except that for loopback IP hosts (127.x.x.x and [::1],
 * not `localhost`) any port is accepted. Fragments are never allowed.
 */
export function redirectUriMatches(registered: string, requested: string): boolean {
  if (registered === requested) return !requested.includes('#');
  if (!URL.canParse(requested) || !URL.canParse(registered)) return false;
  const want = new URL(requested);
  const have = new URL(registered);
  if (want.hash !== '' || requested.includes('#') || !isLoopbackIp(want.hostname)) return false;
  return (
    want.protocol === have.protocol &&
    want.hostname === have.hostname &&
    want.pathname === have.pathname &&
    want.search === have.search &&
    want.username === have.username &&
    want.password === have.password
  );
}

/**
 * Resolves the redirect URI of an authorize request; `redirect_uri` may be omitted only with exactly one
 * registered URI and no `openid` scope. Returns null when invalid.
 */
export function resolveRedirectUri(
  client: ClientRecord,
  requested: string | null,
  scopes: string[],
): string | null {
  if (requested === null || requested === '') {
    if (client.redirectUris.length !== 1 || scopes.includes('openid')) return null;
    return client.redirectUris[0]!;
  }
  return client.redirectUris.some((registered) => redirectUriMatches(registered, requested))
    ? requested
    : null;
}
