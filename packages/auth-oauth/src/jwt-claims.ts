import { base64UrlDecode } from './base64url.js';

/**
 * Reads the payload of a JWT **without verifying it**: only for scheduling (`exp`) and routing
 * (`aud`) decisions about our own access token, never for trusting an identity. Returns
 * `undefined` for anything that is not a JWT with a JSON object payload.
 */
export function readUnverifiedClaims(token: string): Record<string, unknown> | undefined {
  if (typeof token !== 'string') return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload = JSON.parse(new TextDecoder().decode(base64UrlDecode(parts[1]))) as unknown;
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
