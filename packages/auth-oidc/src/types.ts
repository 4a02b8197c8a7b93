import type { Clock, FetchLike } from '@ds/auth-core';
import type { ClientAuthMethod, OAuthTokens } from '@ds/auth-oauth';

/**
 * Which ID-token rules apply. `docspace`: DocSpace's quirks are accepted for the configured portal only
 * (ES256 despite the RS256 metadata, `aud` = portal URL with `azp` = client id, `iss` = portal + `/oauth2`).
 * `strict`: OpenID Connect Core unchanged.
 */
export type OidcCompat = 'docspace' | 'strict';

/** Options for `createOidcClient`. Give exactly one of `baseUrl` (a DocSpace portal) and `issuer` (any provider). */
export interface OidcClientOptions {
  /** The DocSpace portal URL. Implies `compat: 'docspace'`. */
  baseUrl?: string | URL | undefined;
  /** The issuer of a standard OpenID Provider, exactly as it publishes it. Implies `compat: 'strict'`. */
  issuer?: string | undefined;
  /** The client id. */
  clientId: string;
  /** The client secret of a confidential client; leave out for a public PKCE client. */
  clientSecret?: string | undefined;
  /** Default `client_secret_post` with a secret (the only method DocSpace accepts), `none` without. */
  clientAuthMethod?: ClientAuthMethod | undefined;
  /** The registered redirect URI. */
  redirectUri: string;
  /** Scopes to request; `openid` is added when missing. */
  scopes: string[];
  /** Default `docspace` with `baseUrl`, `strict` with `issuer`. */
  compat?: OidcCompat | undefined;
  /** Allowed ID-token algorithms. Default: `['ES256', 'RS256']` (docspace), the advertised ones we support, else RS256 (strict). */
  algorithms?: string[] | undefined;
  /** Clock skew accepted on `exp`, `iat`, `nbf`, in seconds (0-300). Default 30. */
  clockToleranceSec?: number | undefined;
  /** Where the provider sends the browser after RP-initiated logout (strict mode, when advertised). */
  postLogoutRedirectUri?: string | undefined;
  /** How long discovery metadata is cached, in ms. Default 1 hour. */
  discoveryTtlMs?: number | undefined;
  /** After a JWKS fetch, how long an unknown `kid` is rejected without another fetch, in ms. Default 30 000. */
  jwksCooldownMs?: number | undefined;
  /** How long fetched keys are used before the JWKS is fetched again, in ms. Default 600 000. */
  jwksMaxAgeMs?: number | undefined;
  /** Hosts an `aud`-derived DocSpace API base may have (see `@ds/auth-oauth`). */
  allowedApiHosts?: string[] | undefined;
  /** The fetch used for every request: discovery, JWKS, token, userinfo, revocation. Default `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  /** Timeout of each request in ms. Default 30 000. */
  timeoutMs?: number | undefined;
  /** The time source, also for ID-token time checks. */
  clock?: Clock | undefined;
  /** Allow http for hosts that are not loopback. Never the default. */
  allowInsecureHttp?: boolean | undefined;
}

/** The claims of a verified ID token. */
export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  azp?: string;
  nonce?: string;
  at_hash?: string;
  auth_time?: number;
  [claim: string]: unknown;
}

/** The discovery fields this package uses (OpenID Connect Discovery §3), plus whatever else was sent. */
export interface OidcDiscovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint?: string | undefined;
  revocation_endpoint?: string | undefined;
  introspection_endpoint?: string | undefined;
  end_session_endpoint?: string | undefined;
  id_token_signing_alg_values_supported?: string[] | undefined;
  [field: string]: unknown;
}

/** What `handleCallback` and `refresh` return: the tokens, and the claims of the verified ID token. */
export interface OidcSignInResult {
  tokens: OAuthTokens;
  claims: IdTokenClaims;
}

/** What `signOut` did. */
export interface OidcSignOutResult {
  /** Send the browser here to end the provider session (RP-initiated logout), when the provider has one. */
  endSessionUrl?: string | undefined;
  /** Whether the tokens were revoked at the revocation endpoint. */
  revoked: boolean;
}
