import type { Secret } from '@ds/auth-core';

/**
 * Every permission (scope) an API key may carry, as `GET /api/2.0/keys/permissions` lists them.
 *
 * @example
 * ```ts
 * API_KEY_PERMISSIONS.includes('files:read'); // true
 * ```
 * @see docs/docspace-behaviour.md §4.1
 */
export const API_KEY_PERMISSIONS: readonly ApiKeyPermission[] = Object.freeze([
  '*',
  '*:read',
  '*:write',
  'files:read',
  'files:write',
  'rooms:read',
  'rooms:write',
  'accounts:read',
  'accounts:write',
  'accounts.self:read',
  'accounts.self:write',
] as const);

/** A permission an API key may carry. `*` is full access (DocSpace stores it as `[]`). */
export type ApiKeyPermission =
  | '*'
  | '*:read'
  | '*:write'
  | 'files:read'
  | 'files:write'
  | 'rooms:read'
  | 'rooms:write'
  | 'accounts:read'
  | 'accounts:write'
  | 'accounts.self:read'
  | 'accounts.self:write';

/**
 * A DocSpace `ApiDateTime`: the round-trip string in the portal's time zone (kept as sent, because
 * the offset says which zone the portal uses) and the instant it names.
 */
export interface ApiDateTime {
  /** The string as the portal sent it, e.g. `2026-11-29T11:50:00.0000000+03:00`. */
  readonly raw: string;
  /** The same instant as a `Date`. */
  readonly date: Date;
}

/** The user who created a key (a subset of DocSpace's `EmployeeDto`). */
export interface ApiKeyOwner {
  readonly id: string;
  readonly displayName?: string;
  readonly avatar?: string;
  readonly avatarSmall?: string;
  readonly profileUrl?: string;
  readonly hasAvatar?: boolean;
  readonly isAnonim?: boolean;
}

/** An API key as DocSpace lists it (`ApiKeyResponseDto`), without its secret. */
export interface ApiKey {
  /** The key's id (a GUID), for {@link updateApiKey} and {@link deleteApiKey}. */
  readonly id: string;
  readonly name: string;
  /** The masked key as DocSpace shows it after creation, `sk-***` and the last 4 characters. */
  readonly maskedKey: string;
  /** The last 4 characters of the key. */
  readonly keyPostfix: string;
  /** The permissions; `[]` means full access. */
  readonly permissions: readonly string[];
  readonly isActive: boolean;
  /** When the key was last used, if ever. */
  readonly lastUsed?: ApiDateTime;
  /** When the key was created. */
  readonly createOn?: ApiDateTime;
  /** When the key stops working; absent for a key that never expires. */
  readonly expiresAt?: ApiDateTime;
  /** Who created the key (the key acts as this user). */
  readonly createBy?: ApiKeyOwner;
}

/** A key just created: everything in {@link ApiKey}, plus the secret DocSpace returns only this once. */
export interface CreatedApiKey extends ApiKey {
  /** The full key. It prints as `[redacted]`; call `secret.reveal()` to store it. */
  readonly secret: Secret;
}

/** What {@link createApiKey} takes. */
export interface CreateApiKeyOptions {
  /** A name of 1 to 30 characters. */
  name: string;
  /** The permissions; leave out (or `['*']`) for full access. */
  permissions?: readonly ApiKeyPermission[];
  /** Days until the key expires, 1 to 365; leave out for a key that never expires. */
  expiresInDays?: number;
}

/** What {@link updateApiKey} changes; at least one field. */
export interface UpdateApiKeyOptions {
  name?: string;
  permissions?: readonly ApiKeyPermission[];
  isActive?: boolean;
}

/** Per-call options of the key-management functions. */
export interface ApiKeyRequestOptions {
  /** Abort the request. */
  signal?: AbortSignal;
}

/** The result of {@link validateApiKey}. */
export type ApiKeyValidation =
  | { readonly valid: true; readonly key: ApiKey }
  | { readonly valid: false; readonly reason: 'unauthorized' };
