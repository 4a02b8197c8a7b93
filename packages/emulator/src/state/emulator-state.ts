import { randomBytes } from 'node:crypto';
import { guid, randomBase64Url, sha256Hex } from './ids.js';
import {
  ALL_SCOPES,
  generatedApiKey,
  generatedClientId,
  randomBackupCodes,
  type Seed,
  type SeedReport,
} from './seed.js';
import type {
  AccessTokenRecord,
  ApiKeyRecord,
  ClientRecord,
  CodeRecord,
  GrantRecord,
  PendingConsent,
  PendingLogin,
  RefreshTokenRecord,
  RoomRecord,
  SessionRecord,
  UserRecord,
} from './records.js';
import { randomTotpSecret } from '../pat/totp.js';
import type { Bucket } from '../server/rate-limit.js';

export type {
  AccessTokenRecord,
  ApiKeyRecord,
  ClientRecord,
  CodeRecord,
  GrantRecord,
  PendingConsent,
  PendingLogin,
  RefreshTokenRecord,
  RoomRecord,
  SessionRecord,
  UserRecord,
} from './records.js';

/** Counters for tests. */
export interface EmulatorStats {
  /** Every request that reached `POST /oauth2/token` (including rate-limited ones). */
  tokenRequests: number;
  /** Successful PAT logins that issued a token (API or the HTML login form). */
  logins: number;
  /** Failed PAT logins and 2FA completions (401 and 403). */
  loginFailures: number;
  /** A rotated-away refresh token came back (answered invalid_grant; nothing is revoked, as on the server). */
  refreshReuseDetected: number;
  /** Responses answered 429 by the identity services' rate limit (`rateLimit`). */
  rateLimited: number;
  /** Access tokens issued at the token endpoint. */
  accessTokensIssued: number;
  /** SMS codes "sent". */
  smsSent: number;
}

/**
 * Everything the emulator changes while it runs, in one object: the portal's data (users, PAT
 * sessions, API keys, OAuth apps, granted consents, codes, grants, tokens, rooms), the steps in
 * progress in a browser (consent screens, 2FA logins), the limits' counters, and the stats.
 */
export class EmulatorState {
  users: UserRecord[] = [];
  /** PAT sessions ("active connections") by token. */
  sessions: Map<string, SessionRecord> = new Map();
  apiKeys: ApiKeyRecord[] = [];
  clients: ClientRecord[] = [];
  /** Consents a user gave an app: scopes by {@link EmulatorState.grantedConsentKey}. */
  grantedConsents: Map<string, Set<string>> = new Map();
  /** Consent screens shown and not answered yet, by the form's `consent_id`. */
  pendingConsents: Map<string, PendingConsent> = new Map();
  /** HTML logins waiting for their second factor, by the form's `pending_id`. */
  pendingLogins: Map<string, PendingLogin> = new Map();
  codes: Map<string, CodeRecord> = new Map();
  grants: Map<string, GrantRecord> = new Map();
  accessTokens: Map<string, AccessTokenRecord> = new Map();
  refreshTokens: Map<string, RefreshTokenRecord> = new Map();
  smsCodes: Map<string, { code: string; expiresAt: number }> = new Map();
  rooms: RoomRecord[] = [];
  /** Failed PAT logins by user and address, for the brute-force lockout. */
  bruteForce: Map<string, { history: number[]; blockedUntil: number }> = new Map();
  /** Failed second-factor codes by user. */
  tfaFailures: Map<string, number[]> = new Map();
  /** Identity-service rate-limit buckets by `identity:{service}:{method}:{key}`. */
  rateBuckets: Map<string, Bucket> = new Map();
  stats: EmulatorStats = {
    tokenRequests: 0,
    logins: 0,
    loginFailures: 0,
    refreshReuseDetected: 0,
    rateLimited: 0,
    accessTokensIssued: 0,
    smsSent: 0,
  };
  nextLoginEventId = 1;
  nextRoomId = 1001;

  /** Forgets the rate-limit buckets, brute-force lockouts and 2FA failures (`emulator.resetLimits()`). */
  resetLimits(): void {
    this.rateBuckets.clear();
    this.bruteForce.clear();
    this.tfaFailures.clear();
  }

  userByEmail(email: string): UserRecord | undefined {
    const wanted = email.trim().toLowerCase();
    return this.users.find((user) => user.email.toLowerCase() === wanted);
  }

  userById(id: string): UserRecord | undefined {
    return this.users.find((user) => user.id === id);
  }

  client(clientId: string): ClientRecord | undefined {
    return this.clients.find((client) => client.clientId === clientId);
  }

  apiKeyBySecret(secret: string): ApiKeyRecord | undefined {
    const hash = sha256Hex(secret);
    return this.apiKeys.find((key) => key.hash === hash);
  }

  grantedConsentKey(userId: string, clientId: string): string {
    return `${userId}|${clientId}`;
  }

  /** Adds every entry of `seed` and returns what was seeded, secrets included. */
  applySeed(seed: Seed, now: number): SeedReport {
    const report: SeedReport = { users: [], apiKeys: [], clients: [] };
    for (const user of seed.users ?? []) {
      const tfa = user.tfa ?? 'none';
      const usesApp = tfa === 'app' || tfa === 'app-setup';
      const record: UserRecord = {
        id: user.id ?? guid(),
        email: user.email,
        password: user.password,
        firstName: user.firstName ?? user.email.split('@')[0]!,
        lastName: user.lastName ?? '',
        role: user.role ?? 'user',
        tfa,
        backupCodes: usesApp ? (user.backupCodes ?? randomBackupCodes()) : [],
        usedBackupCodes: new Set(),
        disabled: user.disabled ?? false,
        cookieIndex: 0,
        registeredAt: now,
      };
      if (usesApp) record.totpSecret = user.totpSecret ?? randomTotpSecret();
      if (tfa === 'sms') record.phone = user.phone ?? '+15550001234';
      this.users.push(record);
      report.users.push({
        id: record.id,
        email: record.email,
        password: record.password,
        role: record.role,
        tfa,
        ...(record.totpSecret ? { totpSecret: record.totpSecret, backupCodes: [...record.backupCodes] } : {}),
        ...(record.phone ? { phone: record.phone } : {}),
      });
    }
    for (const key of seed.apiKeys ?? []) {
      const owner = this.userByEmail(key.user)!;
      const secret = generatedApiKey(key);
      const record = this.addApiKey({
        name: key.name,
        secret,
        permissions: normalizePermissions(key.permissions ?? []),
        createdBy: owner.id,
        createdAt: now,
        expiresAt: key.expiresInDays ? now + key.expiresInDays * 86_400_000 : null,
      });
      record.isActive = key.isActive ?? true;
      report.apiKeys.push({
        id: record.id,
        name: record.name,
        key: secret,
        user: owner.email,
        permissions: [...record.permissions],
      });
    }
    const creator = this.users.find((user) => user.role === 'owner' || user.role === 'admin');
    for (const client of seed.clients ?? []) {
      const createdBy = client.createdBy ? this.userByEmail(client.createdBy)!.id : (creator?.id ?? NO_USER);
      const record: ClientRecord = {
        clientId: generatedClientId(client),
        clientSecret: client.clientSecret ?? randomClientSecret(),
        secretCiphertext: randomBytes(48).toString('base64'),
        name: client.name ?? 'Emulator App',
        description: client.description ?? '',
        logo: DEFAULT_LOGO,
        websiteUrl: 'http://127.0.0.1',
        termsUrl: 'http://127.0.0.1',
        policyUrl: 'http://127.0.0.1',
        redirectUris: client.redirectUris ?? ['http://127.0.0.1/callback'],
        logoutRedirectUris: ['http://127.0.0.1'],
        scopes: client.scopes ?? [...ALL_SCOPES],
        allowPkce: client.public ?? false,
        enabled: client.enabled ?? true,
        visible: client.visible ?? true,
        allowedOrigins: client.allowedOrigins ?? ['http://127.0.0.1'],
        createdAt: now,
        createdBy,
        modifiedAt: now,
        modifiedBy: createdBy,
      };
      this.clients.push(record);
      report.clients.push({
        clientId: record.clientId,
        clientSecret: record.clientSecret,
        name: record.name,
        redirectUris: [...record.redirectUris],
        scopes: [...record.scopes],
        public: record.allowPkce,
      });
    }
    return report;
  }

  addApiKey(input: {
    name: string;
    secret: string;
    permissions: string[];
    createdBy: string;
    createdAt: number;
    expiresAt: number | null;
  }): ApiKeyRecord {
    const record: ApiKeyRecord = {
      id: guid(),
      name: input.name,
      hash: sha256Hex(input.secret),
      postfix: input.secret.slice(-4),
      permissions: input.permissions,
      createdAt: input.createdAt,
      expiresAt: input.expiresAt,
      lastUsed: null,
      createdBy: input.createdBy,
      isActive: true,
    };
    this.apiKeys.push(record);
    return record;
  }

  /** Creates a PAT session (login event) for `user`. */
  createSession(
    user: UserRecord,
    now: number,
    ttlSeconds: number,
    origin: { ip: string; userAgent: string; page: string } = { ip: '127.0.0.1', userAgent: '', page: '' },
  ): SessionRecord {
    const session: SessionRecord = {
      ...origin,
      token: randomPatToken(),
      loginEventId: this.nextLoginEventId++,
      userId: user.id,
      createdAt: now,
      expiresAt: ttlSeconds > 0 ? now + ttlSeconds * 1000 : null,
      cookieIndex: user.cookieIndex,
      active: true,
    };
    this.sessions.set(session.token, session);
    return session;
  }

  newGrant(
    clientId: string,
    userId: string,
    scopes: string[],
    now: number,
    grantType: GrantRecord['grantType'] = 'authorization_code',
  ): GrantRecord {
    const grant: GrantRecord = {
      id: guid(),
      clientId,
      userId,
      scopes,
      revoked: false,
      grantType,
      createdAt: now,
      modifiedAt: now,
    };
    this.grants.set(grant.id, grant);
    return grant;
  }

  newRefreshToken(grant: GrantRecord, now: number, ttlSeconds: number): RefreshTokenRecord {
    const record: RefreshTokenRecord = {
      token: randomBase64Url(96),
      grantId: grant.id,
      clientId: grant.clientId,
      issuedAt: now,
      expiresAt: now + ttlSeconds * 1000,
      status: 'active',
    };
    this.refreshTokens.set(record.token, record);
    return record;
  }

  /** Revokes a whole grant: every access and refresh token of the family. */
  revokeGrant(grantId: string): void {
    const grant = this.grants.get(grantId);
    if (grant) grant.revoked = true;
    for (const token of this.accessTokens.values()) if (token.grantId === grantId) token.revoked = true;
    for (const token of this.refreshTokens.values()) if (token.grantId === grantId) token.status = 'revoked';
  }
}

/** The creator of seeded clients when the seed has no admin. */
const NO_USER = '00000000-0000-0000-0000-000000000000';

/** A 1x1 PNG, the logo of seeded clients. */
export const DEFAULT_LOGO =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A client secret as the registration service makes one: 36 alphanumeric characters (`Client.java`). */
export function randomClientSecret(): string {
  let secret = '';
  while (secret.length < 36) {
    const byte = randomBytes(1)[0]!;
    if (byte < 248) secret += SECRET_ALPHABET[byte % 62];
  }
  return secret;
}

function randomPatToken(): string {
  return randomBytes(100).toString('base64');
}

/** `["*"]` is stored as `[]` (full access); duplicates are dropped. */
export function normalizePermissions(permissions: string[]): string[] {
  if (permissions.includes('*')) return [];
  return [...new Set(permissions)];
}

/**
 * Every permission string `GET /api/2.0/keys/permissions` lists, in its order: the ScopesMap values
 * (`*` included, from the `keys/@self` entry) plus `*:read`/`*:write`, `.Distinct().Order()`
 * (`products/ASC.People/Server/Api/ApiKeysController.cs` `GetAllPermissions`). `Order()` compares with the
 * culture (ICU), where `:` sorts before `.`: `accounts:read` comes before `accounts.self:read`.
 */
export const API_KEY_PERMISSIONS: readonly string[] = [
  '*',
  '*:read',
  '*:write',
  'accounts:read',
  'accounts:write',
  'accounts.self:read',
  'accounts.self:write',
  'files:read',
  'files:write',
  'rooms:read',
  'rooms:write',
];
