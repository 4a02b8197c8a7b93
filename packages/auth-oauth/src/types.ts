import type { Clock, FetchLike } from '@ds/auth-core';

/** A token set from the token endpoint, as kept in a `TokenStore` (plain JSON). */
export interface OAuthTokens {
  /** The access token (a JWT on DocSpace). */
  accessToken: string;
  /** Always `Bearer`. */
  tokenType: 'Bearer';
  /** The refresh token, when the client gets one (confidential DocSpace clients do; public ones do not). */
  refreshToken?: string | undefined;
  /** When the access token expires, in epoch ms (from `expires_in`, or the JWT's `exp`). */
  expiresAt?: number | undefined;
  /** When this process received the tokens, in epoch ms. */
  issuedAt: number;
  /** The granted scopes. */
  scope?: string[] | undefined;
  /** The ID token, when `openid` was granted. */
  idToken?: string | undefined;
}

/** Endpoint URLs of the authorization server. */
export interface OAuthEndpoints {
  authorization: string;
  token: string;
  revocation?: string | undefined;
  introspection?: string | undefined;
}

/** What an endpoint resolver finds: the server's endpoints, and how its authorization responses name it. */
export interface AuthorizationServer {
  readonly endpoints: Readonly<OAuthEndpoints>;
  /** The accepted `iss` of authorization responses (see {@link OAuthClientOptions.issuer}). */
  readonly issuer?: string | readonly string[] | undefined;
  /** Refuse a callback without `iss` (see {@link OAuthClientOptions.requireCallbackIssuer}). */
  readonly requireCallbackIssuer?: boolean | undefined;
}

/** What {@link OAuthClientOptions.checkTokens} receives besides the tokens. */
export interface TokenCheckContext {
  /** The grant that produced the tokens. */
  readonly grant: 'authorization_code' | 'refresh_token';
  /** The `nonce` of the authorization request (`authorization_code`, when the checks carry one). */
  readonly nonce?: string | undefined;
  /** The ID token of the token set being refreshed (`refresh_token`, when the caller passed it). */
  readonly previousIdToken?: string | undefined;
  /** The `sub` the refreshed tokens must be for (`refresh_token`, when the caller passed it). */
  readonly subject?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** How the client authenticates at the token endpoint. DocSpace accepts only `client_secret_post`. */
export type ClientAuthMethod = 'client_secret_post' | 'client_secret_basic' | 'none';

/** Options for `createOAuthClient`. */
export interface OAuthClientOptions {
  /** The portal URL; its `/oauth2/*` endpoints are used. Give this or `authorizationServer`. */
  baseUrl?: string | URL | undefined;
  /** A separate authorization server (DocSpace SaaS: `https://oauth.onlyoffice.com`); the API base then comes from the token's `aud`. */
  authorizationServer?: string | URL | undefined;
  /** Explicit endpoint URLs (for other providers); override what `baseUrl`/`authorizationServer` imply. */
  endpoints?: Partial<OAuthEndpoints> | undefined;
  /**
   * The accepted `iss` of authorization responses (RFC 9207), checked when the server sends `iss`.
   * Without it, an `iss` must at least be a URL of the authorization endpoint's origin.
   */
  issuer?: string | readonly string[] | undefined;
  /**
   * Refuse a callback without `iss` (RFC 9207 §2.4): set it when the server advertises
   * `authorization_response_iss_parameter_supported` (`createOidcClient` does that from discovery).
   * Default `false`: DocSpace sends no `iss`.
   */
  requireCallbackIssuer?: boolean | undefined;
  /**
   * Finds the endpoints at run time instead (OpenID Connect discovery): called before every request
   * that needs an endpoint, so it should cache. Replaces `baseUrl`/`authorizationServer`/`endpoints`,
   * `issuer` and `requireCallbackIssuer` for the endpoints; its endpoints are checked like `endpoints`.
   */
  resolveServer?:
    | ((options: { signal?: AbortSignal | undefined }) => Promise<AuthorizationServer>)
    | undefined;
  /**
   * Checks every token response before the tokens are returned (OpenID Connect: the ID token); throw
   * to refuse them. It receives the object that is then returned.
   */
  checkTokens?: ((tokens: OAuthTokens, context: TokenCheckContext) => Promise<void>) | undefined;
  /** Every authorization request sends a `nonce`, and every callback must be checked against one (OpenID Connect). */
  requireNonce?: boolean | undefined;
  /** The client id. */
  clientId: string;
  /** The client secret of a confidential client. Leave out for a public PKCE client (browsers, CLIs). */
  clientSecret?: string | undefined;
  /** Default `client_secret_post` with a secret (the only method DocSpace accepts), `none` without. */
  clientAuthMethod?: ClientAuthMethod | undefined;
  /** The registered redirect URI: http(s), no query or fragment; plain http only on loopback. */
  redirectUri: string;
  /** Scopes to request, e.g. `['files:read', 'accounts.self:read']`. */
  scopes: string[];
  /** Hosts an `aud`-derived API base may have (exact, or `*.example.com`); https only. Default: the portal's host only. */
  allowedApiHosts?: string[] | undefined;
  /** The fetch to use. Default `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  /** Timeout of each request in ms. Default 30 000. */
  timeoutMs?: number | undefined;
  /** Allow http for hosts that are not loopback. Never the default. */
  allowInsecureHttp?: boolean | undefined;
  /** The time source. */
  clock?: Clock | undefined;
}

/** What `createAuthorizationRequest` returns; keep `state`, `codeVerifier` (and `nonce`) for the callback. */
export interface AuthorizationRequest {
  /** Send the user's browser here. */
  readonly url: string;
  /** CSPRNG base64url state; compared in constant time on the callback. */
  readonly state: string;
  /** The PKCE verifier (S256). Secret: keep it server-side or in session storage. */
  readonly codeVerifier: string;
  /** The redirect URI this request used (it can differ from the configured one on loopback ports). */
  readonly redirectUri: string;
  /** The nonce, when one was requested. */
  readonly nonce?: string | undefined;
  /** The scopes requested. */
  readonly scopes: readonly string[];
}

/** What the callback must match. */
export interface CallbackChecks {
  state: string;
  codeVerifier: string;
  /** The request's `nonce`, for a `checkTokens` hook (required with `requireNonce`). */
  nonce?: string | undefined;
  /** The redirect URI of the request; default the configured one. */
  redirectUri?: string | undefined;
}

/** An introspection answer (RFC 7662); DocSpace adds `cid`, `tid`. */
export interface IntrospectionResult {
  active: boolean;
  sub?: string;
  scope?: string;
  client_id?: string;
  exp?: number;
  iat?: number;
  [claim: string]: unknown;
}
