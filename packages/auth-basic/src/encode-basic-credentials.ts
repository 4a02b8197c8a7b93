import { AuthConfigError } from '@ds/auth-core';

// C0 controls, DEL and C1 controls: none can be typed into a DocSpace login form, and CR/LF/NUL in a
// credential are a sign of a bad copy-paste or an injection attempt.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// In a `u` regex a paired surrogate is one code point, so \p{Cs} matches only lone halves, which
// TextEncoder would silently turn into U+FFFD (a different password).
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Checks one half of a Basic credential: a non-empty, well-formed string without control
 * characters, and for the user name without `:` (RFC 7617 §2). Throws `AuthConfigError`
 * (`ERR_AUTH_INVALID_OPTION`) naming `option`; the value is never quoted.
 *
 * @example
 * ```ts
 * assertBasicCredentialPart('jane@example.com', 'email', { userId: true });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7617#section-2
 */
export function assertBasicCredentialPart(
  value: unknown,
  option: string,
  { userId = false }: { userId?: boolean } = {},
): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new AuthConfigError(option, `"${option}" must be a non-empty string`);
  }
  if (userId && value.includes(':')) {
    throw new AuthConfigError(
      option,
      `"${option}" must not contain ":" (RFC 7617 cannot encode it in a user id)`,
    );
  }
  if (CONTROL.test(value))
    throw new AuthConfigError(option, `"${option}" must not contain control characters`);
  if (LONE_SURROGATE.test(value))
    throw new AuthConfigError(option, `"${option}" must be well-formed unicode`);
}

/**
 * Encodes `userId:password` as UTF-8 and then base64 (RFC 7617 with `charset="UTF-8"`), using only
 * Web APIs (`TextEncoder`, `btoa`), so it runs in browsers, workers and Node alike. Validates both
 * parts first and throws `AuthConfigError` like {@link assertBasicCredentialPart}.
 *
 * @example
 * ```ts
 * encodeBasicCredentials('jane@example.com', 'pässwörd'); // 'amFuZUBleGFtcGxlLmNvbTpww6Rzc3fDtnJk'
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7617#section-2.1
 */
export function encodeBasicCredentials(userId: string, password: string): string {
  assertBasicCredentialPart(userId, 'email', { userId: true });
  assertBasicCredentialPart(password, 'password');
  const bytes = new TextEncoder().encode(`${userId}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
