import { createHmac, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Encodes bytes as RFC 4648 base32 without padding (the authenticator-app "manual entry key"). */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let output = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += ALPHABET[(value << (5 - bits)) & 31];
  return output;
}

/** Decodes RFC 4648 base32 (case-insensitive, padding and spaces ignored); throws on other characters. */
export function base32Decode(text: string): Uint8Array {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new TypeError('"totpSecret" must be base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

/** A fresh 160-bit base32 TOTP secret. */
export function randomTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/**
 * RFC 6238 TOTP: HMAC-SHA1, 6 digits, 30 s steps, for the base32 `secret` at `epochMs`.
 *
 * @example
 * totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59_000); // '287082'
 */
export function totp(secret: string, epochMs: number): string {
  const counter = Math.floor(epochMs / 1000 / 30);
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', base32Decode(secret)).update(message).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/** Checks a TOTP code allowing one 30 s step of drift either way. */
export function verifyTotp(secret: string, code: string, epochMs: number): boolean {
  for (const drift of [0, -30_000, 30_000]) if (totp(secret, epochMs + drift) === code) return true;
  return false;
}
