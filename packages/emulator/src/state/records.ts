import type { TwoFactorKind, UserRole } from './seed.js';

/** A user as the emulator keeps it. */
export interface UserRecord {
  id: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  role: UserRole;
  tfa: TwoFactorKind;
  totpSecret?: string;
  phone?: string;
  backupCodes: string[];
  usedBackupCodes: Set<string>;
  disabled: boolean;
  /** Bumped by a password change or "log out all": every older PAT dies. */
  cookieIndex: number;
  registeredAt: number;
}

/** A PAT login event ("active connection"). */
export interface SessionRecord {
  token: string;
  loginEventId: number;
  userId: string;
  createdAt: number;
  expiresAt: number | null;
  cookieIndex: number;
  active: boolean;
  /** Where the login came from (`GET /api/2.0/security/activeconnections`). */
  ip: string;
  userAgent: string;
  page: string;
}

/** An API key; only the SHA-256 hash of the secret is kept. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  hash: string;
  postfix: string;
  permissions: string[];
  createdAt: number;
  expiresAt: number | null;
  lastUsed: number | null;
  createdBy: string;
  isActive: boolean;
}

/** A registered OAuth client (the registration service's `Client`). */
export interface ClientRecord {
  clientId: string;
  clientSecret: string;
  /** What the registration service lists as `client_secret` outside get and create: the stored ciphertext. */
  secretCiphertext: string;
  name: string;
  description: string | null;
  logo: string;
  websiteUrl: string;
  termsUrl: string;
  policyUrl: string;
  redirectUris: string[];
  logoutRedirectUris: string[];
  scopes: string[];
  allowPkce: boolean;
  enabled: boolean;
  visible: boolean;
  allowedOrigins: string[];
  createdAt: number;
  createdBy: string;
  modifiedAt: number;
  modifiedBy: string;
}

/** One grant (authorization): the tokens that came from one code, or one developer token. */
export interface GrantRecord {
  id: string;
  clientId: string;
  userId: string;
  scopes: string[];
  revoked: boolean;
  grantType: 'authorization_code' | 'personal_access_token';
  createdAt: number;
  /** Last time tokens were issued for it (`modified_at` of the consents list). */
  modifiedAt: number;
}

/** An issued authorization code. */
export interface CodeRecord {
  code: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  redirectUriSent: boolean;
  scopes: string[];
  codeChallenge?: string;
  nonce?: string;
  expiresAt: number;
  used: boolean;
  grantId?: string;
}

/** An issued access token (JWT), by `jti`. */
export interface AccessTokenRecord {
  jti: string;
  grantId: string;
  clientId: string;
  userId: string;
  scopes: string[];
  claims: Record<string, unknown>;
  expiresAt: number;
  revoked: boolean;
}

/** An issued refresh token. */
export interface RefreshTokenRecord {
  token: string;
  grantId: string;
  clientId: string;
  issuedAt: number;
  expiresAt: number;
  status: 'active' | 'rotated' | 'revoked';
}

/** A room created through `POST /api/2.0/files/rooms`. */
export interface RoomRecord {
  id: number;
  title: string;
  roomType: number;
  createdBy: string;
  createdAt: number;
}

/** A consent screen that was shown and not answered yet (`consent_id` in its form). */
export interface PendingConsent {
  userId: string;
  /** The authorization request's query, replayed when the user allows. */
  query: string;
  expiresAt: number;
}

/** An HTML login waiting for its second factor (`pending_id` in the code form). */
export interface PendingLogin {
  userId: string;
  returnTo: string;
  expiresAt: number;
}
