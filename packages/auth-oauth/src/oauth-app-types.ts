import type { Secret } from '@ds/auth-core';

/** A registered OAuth app as the registration service describes it (`/api/2.0/clients`). */
export interface OAuthApp {
  /** The `client_id`, a GUID. */
  readonly clientId: string;
  readonly name: string;
  readonly description: string | undefined;
  /** The logo as a `data:image/...;base64,` URL. */
  readonly logo: string;
  readonly websiteUrl: string;
  readonly termsUrl: string;
  readonly policyUrl: string;
  /** `client_secret_post`, plus `none` when PKCE without a secret is allowed. */
  readonly authenticationMethods: readonly string[];
  /** Whether a public (PKCE, no secret) client may use it (`allow_pkce`). */
  readonly allowPkce: boolean;
  readonly redirectUris: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly logoutRedirectUris: readonly string[];
  readonly scopes: readonly string[];
  /** The portal's tenant id. */
  readonly tenant: number;
  /** DocSpace's `is_public` (visibility; always true for apps registered through the API). */
  readonly isPublic: boolean;
  /** False while the app is deactivated: it can neither authorize nor get tokens. */
  readonly enabled: boolean;
  readonly createdOn: Date;
  /** The id of the DocSpace user who registered it. */
  readonly createdBy: string;
  readonly modifiedOn: Date;
  readonly modifiedBy: string;
}

/** An app with its secret (create and get answer it; lists do not). */
export interface OAuthAppWithSecret extends OAuthApp {
  /** The `client_secret`; prints as `[redacted]`. */
  readonly clientSecret: Secret;
}

/** One page of apps, newest first. */
export interface OAuthAppPage {
  readonly apps: readonly OAuthApp[];
  /** Pass as `cursor` for the next page (the server's `last_created_on`, kept verbatim); undefined on the last one. */
  readonly next: string | undefined;
}

/** An app a user has authorized, from `GET /api/2.0/clients/consents`. */
export interface OAuthConsent {
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** When tokens were last issued for it. */
  readonly modifiedAt: Date | undefined;
  /** What the consent screen showed; undefined when the app no longer exists. */
  readonly app: OAuthAppInfo | undefined;
}

/** The public description of an app (no secret, redirect URIs or tenant). */
export interface OAuthAppInfo {
  readonly clientId: string;
  readonly name: string;
  readonly description: string | undefined;
  readonly logo: string;
  readonly websiteUrl: string;
  readonly termsUrl: string;
  readonly policyUrl: string;
  readonly authenticationMethods: readonly string[];
  readonly scopes: readonly string[];
  readonly isPublic: boolean;
}

/** One page of consents, newest first. */
export interface OAuthConsentPage {
  readonly consents: readonly OAuthConsent[];
  /** Pass as `cursor` for the next page (the server's `last_modified_on`, kept verbatim); undefined on the last one. */
  readonly next: string | undefined;
}

/** A scope the portal knows, from `GET /api/2.0/scopes`. */
export interface OAuthScopeInfo {
  /** E.g. `files:read`. */
  readonly name: string;
  /** `accounts`, `profiles`, `files`, `rooms` or `openid`. */
  readonly group: string;
  /** `read`, `write` or `openid`. */
  readonly type: string;
}

/** What {@link OAuthApps.create} takes. */
export interface CreateOAuthAppOptions {
  /** 3 to 256 characters. */
  name: string;
  /** 1 to 12 http(s) URLs, matched exactly (any port on a loopback IP); no fragment. */
  redirectUris: readonly string[];
  /** The scopes the app may ask for, e.g. `['files:read', 'openid']`. */
  scopes: readonly string[];
  /** The app's home page, shown on the consent screen (an http(s) URL). */
  websiteUrl: string;
  /** Default: `websiteUrl`. */
  termsUrl?: string | undefined;
  /** Default: `websiteUrl`. */
  policyUrl?: string | undefined;
  /** Where to send the browser after sign-out. Default: `websiteUrl`. */
  logoutRedirectUri?: string | undefined;
  /** Browser origins allowed to call the API with its tokens (1 to 12). Default: the origin of `websiteUrl`. */
  allowedOrigins?: readonly string[] | undefined;
  /** A `data:image/png|jpeg|jpg|svg+xml;base64,` URL. Default: a 1x1 transparent PNG. */
  logo?: string | undefined;
  /** At most 255 characters. */
  description?: string | undefined;
  /** Also allow public clients (PKCE without a secret). Default false. */
  allowPkce?: boolean | undefined;
}

/** What {@link OAuthApps.update} changes; the rest stays as it is. */
export interface UpdateOAuthAppOptions {
  name?: string | undefined;
  /** `null` clears it. */
  description?: string | null | undefined;
  logo?: string | undefined;
  allowedOrigins?: readonly string[] | undefined;
  allowPkce?: boolean | undefined;
}

/** Per-call options. */
export interface OAuthAppCallOptions {
  signal?: AbortSignal | undefined;
}

/** Paging of {@link OAuthApps.list}. */
export interface ListOAuthAppsOptions extends OAuthAppCallOptions {
  /** 1 to 50; default 30. */
  limit?: number | undefined;
  /** The `next` of the previous page. */
  cursor?: string | undefined;
}

/** Paging of {@link OAuthApps.listConsents}. */
export interface ListOAuthConsentsOptions extends OAuthAppCallOptions {
  /** 1 to 50; default 30. */
  limit?: number | undefined;
  /** The `next` of the previous page. */
  cursor?: string | undefined;
}

/** App management for the user of a DocSpace client (see {@link createOAuthApps}). */
export interface OAuthApps {
  /** Registers an app (`POST /api/2.0/clients`); the answer has its secret. */
  create(options: CreateOAuthAppOptions, callOptions?: OAuthAppCallOptions): Promise<OAuthAppWithSecret>;
  /** Apps the user may manage, newest first (`GET /api/2.0/clients`): all of the portal for an admin. */
  list(options?: ListOAuthAppsOptions): Promise<OAuthAppPage>;
  /** One app with its secret (`GET /api/2.0/clients/{id}`). */
  get(clientId: string, callOptions?: OAuthAppCallOptions): Promise<OAuthAppWithSecret>;
  /** Changes name, description, logo, allowed origins or `allowPkce` (`PUT /api/2.0/clients/{id}`). */
  update(clientId: string, changes: UpdateOAuthAppOptions, callOptions?: OAuthAppCallOptions): Promise<void>;
  /** A new secret (`PATCH …/regenerate`); the old one stops working at once. */
  rotateSecret(clientId: string, callOptions?: OAuthAppCallOptions): Promise<Secret>;
  /** Activates or deactivates an app (`PATCH …/activation`). */
  setEnabled(clientId: string, enabled: boolean, callOptions?: OAuthAppCallOptions): Promise<void>;
  /** Deletes an app with its tokens and consents (`DELETE /api/2.0/clients/{id}`). */
  delete(clientId: string, callOptions?: OAuthAppCallOptions): Promise<void>;
  /** The apps this user has authorized (`GET /api/2.0/clients/consents`). */
  listConsents(options?: ListOAuthConsentsOptions): Promise<OAuthConsentPage>;
  /** Withdraws this user's consent: the app's refresh and access tokens for them stop working. */
  revokeConsent(clientId: string, callOptions?: OAuthAppCallOptions): Promise<void>;
  /** Every scope the portal knows (`GET /api/2.0/scopes`). */
  listScopes(callOptions?: OAuthAppCallOptions): Promise<OAuthScopeInfo[]>;
}
