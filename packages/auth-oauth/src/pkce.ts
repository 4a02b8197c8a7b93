import { requireString } from '@ds/auth-core/strategy';
import { base64UrlEncode, randomBase64Url } from './base64url.js';

/** A PKCE verifier and its S256 challenge (RFC 7636). */
export interface PkcePair {
  /** 43 base64url characters from 32 CSPRNG bytes. Keep it secret until the code exchange. */
  readonly codeVerifier: string;
  /** `BASE64URL(SHA-256(codeVerifier))`. */
  readonly codeChallenge: string;
  /** Always `S256`: DocSpace accepts nothing else. */
  readonly codeChallengeMethod: 'S256';
}

/**
 * Makes a PKCE pair with `crypto.subtle` (works in browsers, Node, Deno, workers).
 *
 * @example
 * ```ts
 * const { codeVerifier, codeChallenge } = await createPkcePair();
 * ```
 * @see RFC 7636 §4.1-4.2
 */
export async function createPkcePair(): Promise<PkcePair> {
  const codeVerifier = randomBase64Url(32);
  return { codeVerifier, codeChallenge: await s256(codeVerifier), codeChallengeMethod: 'S256' };
}

/** `BASE64URL(SHA-256(ASCII(verifier)))`. */
export async function s256(verifier: string): Promise<string> {
  requireString(verifier, 'verifier');
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64UrlEncode(new Uint8Array(digest));
}
