/** RFC 6265 §4.1.1 `cookie-octet`: printable US-ASCII without space, `"`, `,`, `;` and `\`. */
const COOKIE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/;

/**
 * Whether `value` can be sent as a cookie value as it is: a token with `;` or `,` in it would add
 * cookies of its own choosing to every request (`abc; admin=1`).
 *
 * @example
 * ```ts
 * isCookieValue('6jo5kxQQ=='); // true
 * isCookieValue('abc; admin=1'); // false
 * ```
 * @see RFC 6265 §4.1.1
 */
export function isCookieValue(value: string): boolean {
  return COOKIE_OCTETS.test(value);
}
