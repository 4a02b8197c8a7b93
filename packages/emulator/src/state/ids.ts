import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** A GUID, as DocSpace uses for users, keys and clients. */
export function guid(): string {
  return randomUUID();
}

/** `bytes` random bytes as base64url without padding (codes and refresh tokens: 96 bytes). */
export function randomBase64Url(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** `sk-` followed by 64 lowercase hex characters (32 random bytes). */
export function randomApiKey(): string {
  return 'sk-' + randomBytes(32).toString('hex');
}

/** SHA-256 hex; what the emulator stores instead of an API key secret. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
