/** Attributes of the session cookie. */
export interface CookieOptions {
  /** Add `Secure` (and allow the `__Host-` prefix): set when the app is served over https. */
  secure: boolean;
  /** `Max-Age` in seconds; `0` deletes the cookie. Leave out for a browser-session cookie. */
  maxAgeSeconds?: number | undefined;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE = /^[!#$%&'()*+\-./0-9:<=>?@A-Z[\]^_`a-z{|}~]*$/;

/**
 * Reads a `Cookie` request header into a map (first occurrence wins, malformed pairs are skipped).
 *
 * @example
 * ```ts
 * parseCookies('sid=abc; theme=dark').get('sid'); // 'abc'
 * ```
 */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    if (TOKEN.test(name) && VALUE.test(value) && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

/**
 * Builds a `Set-Cookie` value with `HttpOnly; SameSite=Lax; Path=/` (and `Secure` over https).
 * Throws a TypeError when the name or value has characters a cookie cannot carry.
 *
 * @example
 * ```ts
 * serializeCookie('sid', 'abc', { secure: true }); // 'sid=abc; Path=/; HttpOnly; SameSite=Lax; Secure'
 * ```
 */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  if (!TOKEN.test(name)) throw new TypeError('"name" is not a valid cookie name');
  if (!VALUE.test(value)) throw new TypeError('"value" is not a valid cookie value');
  // SameSite=Lax (not Strict): the redirect back from DocSpace to /callback is a cross-site
  // top-level navigation, and the session holding state, verifier and nonce must come with it.
  let cookie = `${name}=${value}; Path=/; HttpOnly; SameSite=Lax`;
  if (options.maxAgeSeconds !== undefined)
    cookie += `; Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`;
  if (options.secure) cookie += '; Secure';
  return cookie;
}

/**
 * The session cookie's name: `__Host-sid` over https (the browser then insists on `Secure`, `Path=/`
 * and no `Domain`), plain `sid` over http, where browsers refuse the prefix.
 *
 * @example
 * ```ts
 * sessionCookieName(true); // '__Host-sid'
 * ```
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-sid' : 'sid';
}
