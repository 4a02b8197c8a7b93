import { randomBytes } from 'node:crypto';
import { guid, randomApiKey } from './ids.js';
import { base32Decode } from '../pat/totp.js';

/** A DocSpace user type: owner and admin are DocSpace admins; guest cannot create API keys. */
export type UserRole = 'owner' | 'admin' | 'room-admin' | 'user' | 'guest';

/** Two-factor setting of a seeded user: authenticator app (set up or not yet), SMS, or none. */
export type TwoFactorKind = 'none' | 'app' | 'app-setup' | 'sms';

/** Every OAuth scope DocSpace knows (docs/docspace-behaviour.md §5.3). */
export const ALL_SCOPES: readonly string[] = [
  'openid',
  'accounts:read',
  'accounts:write',
  'rooms:read',
  'rooms:write',
  'accounts.self:read',
  'accounts.self:write',
  'files:read',
  'files:write',
];

/** A user to seed. Only `email` and `password` are required. */
export interface SeedUser {
  id?: string;
  email: string;
  password: string;
  firstName?: string;
  lastName?: string;
  role?: UserRole;
  tfa?: TwoFactorKind;
  /** Base32 secret for `tfa: 'app' | 'app-setup'` (generated when omitted). */
  totpSecret?: string;
  /** Phone for `tfa: 'sms'` (default `+15550001234`). */
  phone?: string;
  /** Unused backup codes for app 2FA (six are generated when omitted). */
  backupCodes?: string[];
  disabled?: boolean;
}

/** An API key to seed, owned by the user with e-mail `user`. */
export interface SeedApiKey {
  user: string;
  name: string;
  /** Permission strings (2.5); `["*"]` or omitted means full access and is stored as `[]`. */
  permissions?: string[];
  /** The secret (`sk-` + 64 lowercase hex); generated when omitted. */
  key?: string;
  expiresInDays?: number;
  isActive?: boolean;
}

/** An OAuth client to seed. */
export interface SeedClient {
  clientId?: string;
  clientSecret?: string;
  name?: string;
  redirectUris?: string[];
  /** Registered scopes; default: all of them. */
  scopes?: string[];
  /** `allow_pkce`: adds the auth method `none` (a public PKCE client). */
  public?: boolean;
  enabled?: boolean;
  /** DocSpace's `is_public` (visibility); `false` makes authorize fail with `client_permission_denied_error`. */
  visible?: boolean;
  allowedOrigins?: string[];
  description?: string;
  /** E-mail of the seeded user who registered it (default: the first owner or admin). */
  createdBy?: string;
}

/** The seed: what `--seed FILE` contains, and what `startEmulator({ seed })` takes. */
export interface Seed {
  users?: SeedUser[];
  apiKeys?: SeedApiKey[];
  clients?: SeedClient[];
}

/** A seeded user as reported back (with every credential filled in). */
export interface SeededUser {
  id: string;
  email: string;
  password: string;
  role: UserRole;
  tfa: TwoFactorKind;
  totpSecret?: string;
  phone?: string;
  backupCodes?: string[];
}

/** A seeded API key as reported back; `key` is the secret. */
export interface SeededApiKey {
  id: string;
  name: string;
  key: string;
  user: string;
  permissions: string[];
}

/** A seeded OAuth client as reported back. */
export interface SeededClient {
  clientId: string;
  clientSecret: string;
  name: string;
  redirectUris: string[];
  scopes: string[];
  public: boolean;
}

/** Everything the emulator seeded, secrets included (test-only data). */
export interface SeedReport {
  users: SeededUser[];
  apiKeys: SeededApiKey[];
  clients: SeededClient[];
}

/** The RFC 6238 test secret ("12345678901234567890"), used by the default 2FA user. */
export const DEFAULT_TOTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

/**
 * The seed used when none is given: an admin, a plain user with app 2FA, a full and a narrow API key,
 * a confidential and a public OAuth client.
 *
 * @example
 * startEmulator({ seed: defaultSeed() });
 */
export function defaultSeed(): Seed {
  return {
    users: [
      {
        id: '5f1d2a7e-3c4b-4e8a-9d10-aa0000000001',
        email: 'admin@docspace.test',
        password: 'Admin-pass-1',
        firstName: 'Ada',
        lastName: 'Admin',
        role: 'owner',
      },
      {
        id: '5f1d2a7e-3c4b-4e8a-9d10-aa0000000002',
        email: 'user@docspace.test',
        password: 'User-pass-1',
        firstName: 'Uma',
        lastName: 'User',
        role: 'user',
        tfa: 'app',
        totpSecret: DEFAULT_TOTP_SECRET,
      },
    ],
    apiKeys: [
      { user: 'admin@docspace.test', name: 'full-access', permissions: ['*'] },
      { user: 'user@docspace.test', name: 'files-rooms-read', permissions: ['files:read', 'rooms:read'] },
    ],
    clients: [
      {
        clientId: '0a1b2c3d-0000-4000-8000-00000000c0f1',
        name: 'Emulator Web App',
        redirectUris: ['http://127.0.0.1/callback'],
      },
      {
        clientId: '0a1b2c3d-0000-4000-8000-0000000000b1',
        name: 'Emulator Public App',
        redirectUris: ['http://127.0.0.1/callback'],
        public: true,
      },
    ],
  };
}

/** Eight-character backup codes like the ones DocSpace shows. */
export function randomBackupCodes(count = 6): string[] {
  return Array.from({ length: count }, () => randomBytes(5).toString('hex').slice(0, 8).toUpperCase());
}

const KEY_FORMAT = /^sk-[0-9a-f]{64}$/;
const ROLES: readonly string[] = ['owner', 'admin', 'room-admin', 'user', 'guest'];
const TFA: readonly string[] = ['none', 'app', 'app-setup', 'sms'];

/**
 * Throws a TypeError naming the field when `seed` is not a valid seed object.
 *
 * @example
 * validateSeed(JSON.parse(readFileSync('seed.json', 'utf8')));
 */
export function validateSeed(seed: unknown): asserts seed is Seed {
  if (typeof seed !== 'object' || seed === null) throw new TypeError('"seed" must be an object');
  const { users = [], apiKeys = [], clients = [] } = seed as Seed;
  if (!Array.isArray(users) || !Array.isArray(apiKeys) || !Array.isArray(clients)) {
    throw new TypeError('"seed.users", "seed.apiKeys" and "seed.clients" must be arrays');
  }
  users.forEach((user, i) => {
    if (typeof user?.email !== 'string' || !user.email.includes('@'))
      throw new TypeError(`"seed.users[${i}].email" must be an e-mail address`);
    if (typeof user.password !== 'string' || user.password === '')
      throw new TypeError(`"seed.users[${i}].password" must be a non-empty string`);
    if (user.role !== undefined && !ROLES.includes(user.role))
      throw new TypeError(`"seed.users[${i}].role" must be one of ${ROLES.join(', ')}`);
    if (user.tfa !== undefined && !TFA.includes(user.tfa))
      throw new TypeError(`"seed.users[${i}].tfa" must be one of ${TFA.join(', ')}`);
    if (user.totpSecret !== undefined) base32Decode(user.totpSecret);
  });
  apiKeys.forEach((key, i) => {
    if (typeof key?.name !== 'string' || key.name === '' || key.name.length > 30)
      throw new TypeError(`"seed.apiKeys[${i}].name" must be 1-30 characters`);
    if (!users.some((user) => user.email.toLowerCase() === String(key.user).toLowerCase()))
      throw new TypeError(`"seed.apiKeys[${i}].user" must be the e-mail of a seeded user`);
    if (key.key !== undefined && !KEY_FORMAT.test(key.key))
      throw new TypeError(`"seed.apiKeys[${i}].key" must be "sk-" followed by 64 lowercase hex characters`);
  });
  clients.forEach((client, i) => {
    if (
      client?.createdBy !== undefined &&
      !users.some((user) => user.email.toLowerCase() === String(client.createdBy).toLowerCase())
    )
      throw new TypeError(`"seed.clients[${i}].createdBy" must be the e-mail of a seeded user`);
    for (const uri of client?.redirectUris ?? []) {
      const parsed = URL.canParse(uri) ? new URL(uri) : null;
      if (!parsed || !['http:', 'https:', 'claude:'].includes(parsed.protocol) || parsed.hash !== '')
        throw new TypeError(`"seed.clients[${i}].redirectUris" must be http(s) URLs without a fragment`);
    }
  });
}

/** Fills in generated ids and secrets so the seed can be reported back. */
export function generatedApiKey(key: SeedApiKey): string {
  return key.key ?? randomApiKey();
}

/** A client id when the seed has none. */
export function generatedClientId(client: SeedClient): string {
  return client.clientId ?? guid();
}
