import { type CryptoKey, exportJWK, generateKeyPair, type JWK } from 'jose';
import { guid } from '../state/ids.js';

/** One ES256 signing key. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  /** When it stopped signing; `null` while active. */
  retiredAt: number | null;
}

/** The authorization server's key set: one active key plus retired keys still published. */
export class SigningKeys {
  private keys: SigningKey[] = [];

  constructor(private readonly retiredTtlMs: () => number) {}

  /** Creates a new active key, retiring the current one (or dropping it when `keepRetired` is false). */
  async rotate(now: number, keepRetired = true): Promise<SigningKey> {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = guid();
    const jwk = await exportJWK(publicKey);
    const key: SigningKey = {
      kid,
      privateKey,
      publicKey,
      publicJwk: { kty: jwk.kty, crv: jwk.crv, kid, x: jwk.x, y: jwk.y, use: 'sig', alg: 'ES256' },
      retiredAt: null,
    };
    for (const old of this.keys) if (old.retiredAt === null) old.retiredAt = now;
    this.keys = keepRetired ? [key, ...this.keys] : [key];
    return key;
  }

  /** The key that signs new tokens. */
  active(): SigningKey {
    return this.keys[0]!;
  }

  /** Keys still published (and accepted): the active one and retired ones younger than the retired TTL. */
  published(now: number): SigningKey[] {
    this.keys = this.keys.filter(
      (key) => key.retiredAt === null || now - key.retiredAt < this.retiredTtlMs(),
    );
    return [...this.keys];
  }

  /** Drops every retired key at once. */
  dropRetired(): void {
    this.keys = this.keys.filter((key) => key.retiredAt === null);
  }
}
