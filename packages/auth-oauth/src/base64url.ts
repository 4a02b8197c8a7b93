import { AuthError } from '@ds/auth-core';

/** Encodes bytes as base64url without padding (RFC 4648 §5), with Web APIs only. */
export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Decodes base64url (padded or not) to bytes; throws `AuthError` `ERR_OAUTH_INVALID_BASE64URL` for
 * anything else (characters outside the alphabet, a length no encoder produces, not a string).
 */
export function base64UrlDecode(text: string): Uint8Array {
  if (
    typeof text !== 'string' ||
    !/^[A-Za-z0-9_-]*={0,2}$/.test(text) ||
    text.replace(/=+$/, '').length % 4 === 1
  )
    throw new AuthError('ERR_OAUTH_INVALID_BASE64URL', '"text" is not base64url');
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** `byteLength` bytes from the CSPRNG as base64url: 32 bytes give 43 characters. */
export function randomBase64Url(byteLength = 32): string {
  return base64UrlEncode(globalThis.crypto.getRandomValues(new Uint8Array(byteLength)));
}

/**
 * Compares two strings in time that depends only on their lengths (for `state` and `nonce`). Compares
 * UTF-16 code units, so two strings are equal exactly when `===` says so (a lone surrogate is not
 * replaced, as an encoder would), and allocates nothing.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const length = Math.max(a.length, b.length);
  let difference = a.length ^ b.length;
  // charCodeAt past the end is NaN; `| 0` makes it 0, as the shorter string's missing units.
  for (let index = 0; index < length; index++)
    difference |= (a.charCodeAt(index) | 0) ^ (b.charCodeAt(index) | 0);
  return difference === 0;
}
