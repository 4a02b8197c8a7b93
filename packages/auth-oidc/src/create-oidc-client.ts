import { AuthError } from '@ds/auth-core';
import { abortable, redactable, requireOptions } from '@ds/auth-core/strategy';
import {
  type AuthorizationRequest,
  type AuthorizationRequestOptions,
  type AuthorizationServer,
  type CallbackChecks,
  createOAuthClient,
  type OAuthClient,
  type OAuthTokens,
  readUnverifiedClaims,
  type TokenCheckContext,
} from '@ds/auth-oauth';
import { algorithmsFromMetadata } from './algorithms.js';
import { discoveryPlan, fetchDiscovery } from './discovery.js';
import { createJwksResolver, type JwksResolver } from './jwks.js';
import { idTokenError } from './errors.js';
import { resolveOidcOptions } from './resolve-options.js';
import { signOut } from './sign-out.js';
import type {
  IdTokenClaims,
  OidcClientOptions,
  OidcCompat,
  OidcDiscovery,
  OidcSignInResult,
  OidcSignOutResult,
} from './types.js';
import { requestUserinfo } from './userinfo.js';
import { type IdTokenExpectations, verifyIdToken } from './verify-id-token.js';

/** Per-call options. */
export interface OidcCallOptions {
  signal?: AbortSignal | undefined;
}

/** What a callback must match: the stored authorization request, including its `nonce`. */
export interface OidcCallbackChecks extends CallbackChecks {
  nonce: string;
}

/** Options of one sign-in request; the nonce is always sent (a string of your own, or a random one). */
export type OidcAuthorizationRequestOptions = Omit<AuthorizationRequestOptions, 'nonce'> & {
  nonce?: string | undefined;
};

/** What the per-token checks may add: the request's nonce, the access token for `at_hash`, the expected `sub`. */
export type IdTokenCheckOptions = OidcCallOptions &
  Pick<IdTokenExpectations, 'nonce' | 'accessToken' | 'subject'>;

/** The OpenID Connect relying party for one registered application. */
export interface OidcClient {
  readonly clientId: string;
  readonly compat: OidcCompat;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  /** The portal URL (docspace mode). */
  readonly baseUrl: URL | undefined;
  /** The discovery metadata (fetched once, cached for `discoveryTtlMs`, single flight). */
  discover(options?: OidcCallOptions): Promise<OidcDiscovery>;
  /** A sign-in URL with state, PKCE S256 and a nonce; keep `state`, `codeVerifier` and `nonce` for the callback. */
  createAuthorizationRequest(
    options?: OidcAuthorizationRequestOptions,
  ): Promise<AuthorizationRequest & { nonce: string }>;
  /** Checks the callback, exchanges the code and verifies the ID token; tokens are returned only after that. */
  handleCallback(
    callbackUrl: string | URL,
    checks: OidcCallbackChecks,
    options?: OidcCallOptions,
  ): Promise<OidcSignInResult>;
  /** Refreshes; a re-issued ID token is verified again (no nonce; same `sub` when `subject` is given). */
  refresh(
    refreshToken: string,
    options?: OidcCallOptions & { subject?: string | undefined },
  ): Promise<{ tokens: OAuthTokens; claims: IdTokenClaims | undefined }>;
  /** Verifies an ID token from this provider for this client (keys from the JWKS). */
  verifyIdToken(idToken: string, options?: IdTokenCheckOptions): Promise<IdTokenClaims>;
  /** The UserInfo claims for an access token (or a token set, whose ID token's `sub` must match). */
  userinfo(tokens: string | OAuthTokens, options?: OidcCallOptions): Promise<Record<string, unknown>>;
  /** Ends the session: an RP-initiated logout URL when the provider has one (strict), else token revocation. */
  signOut(
    tokens: OAuthTokens,
    options?: OidcCallOptions & { postLogoutRedirectUri?: string | undefined; state?: string | undefined },
  ): Promise<OidcSignOutResult>;
  /**
   * The one OAuth client this OIDC client is built on, for `createOAuthAuth`/`createOAuthSessions`: its
   * endpoints come from discovery, and its callbacks and refreshes return tokens only after the ID token
   * is verified (on refresh, a re-issued ID token must have the `sub` of `previousIdToken`).
   */
  asOAuthClient(): OAuthClient;
  /** The DocSpace API base for these tokens (see `OAuthClient.apiBaseUrl`). */
  apiBaseUrl(tokens: Pick<OAuthTokens, 'accessToken'>): URL;
}

/** Per-call options: `undefined` (or `null`) is none; anything but an object is an `AuthConfigError`. */
function optionsOf<T extends object>(value: T | undefined): T {
  return (value === undefined || value === null ? {} : requireOptions(value, 'options')) as T;
}

interface State {
  metadata: OidcDiscovery;
  fetchedAt: number;
  server: AuthorizationServer;
  jwks: JwksResolver;
  expected: Omit<IdTokenExpectations, 'nonce' | 'accessToken' | 'subject' | 'now'>;
}

/**
 * Creates an OpenID Connect client on top of `@ds/auth-oauth`. Synchronous: options are validated here
 * (`AuthConfigError` naming the option: exactly one of `baseUrl`/`issuer`, `compat`, `algorithms`
 * without `none`/HS*, `clockToleranceSec` 0-300, ...); discovery happens on first use. In `docspace`
 * mode the portal's quirks are accepted for the configured portal and client only; in `strict` mode
 * OpenID Connect Core applies unchanged. Errors: see {@link IdTokenError}, `ERR_OIDC_DISCOVERY_FAILED`,
 * `ERR_OIDC_DISCOVERY_ISSUER_MISMATCH`, `ERR_OIDC_MISSING_ID_TOKEN`, `ERR_OIDC_JWKS_FAILED`, and the OAuth codes.
 *
 * @example
 * ```ts
 * const oidc = createOidcClient({ baseUrl: 'https://portal.example.com', clientId, clientSecret,
 *   redirectUri: 'https://app.example.com/callback', scopes: ['openid'] });
 * const request = await oidc.createAuthorizationRequest(); // redirect to request.url, keep the rest
 * const { tokens, claims } = await oidc.handleCallback(callbackUrl, request);
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html, docs/docspace-behaviour.md §6
 */
export function createOidcClient(options: OidcClientOptions): OidcClient {
  const resolved = resolveOidcOptions(options);
  const { compat, base, clock } = resolved;
  const transport = { fetch: resolved.fetch, timeoutMs: resolved.timeoutMs, clock };
  const plan = discoveryPlan(compat, base);
  let cached: State | undefined;
  let pending: Promise<State> | undefined;
  /** The claims of each verified token response, for `handleCallback` and `refresh` to return. */
  const verified = new WeakMap<OAuthTokens, IdTokenClaims>();

  const load = async (): Promise<State> => {
    const metadata = await fetchDiscovery(transport, plan, resolved.allowInsecureHttp, undefined);
    const server: AuthorizationServer = {
      endpoints: {
        authorization: metadata.authorization_endpoint,
        token: metadata.token_endpoint,
        revocation: metadata.revocation_endpoint,
        introspection: metadata.introspection_endpoint,
      },
      // RFC 9207: a callback `iss` must be the provider's issuer. DocSpace sends none today; should it
      // start to, it may say the portal or portal + /oauth2 (the two issuers its discovery may state).
      issuer: compat === 'strict' ? metadata.issuer : plan.acceptedIssuers,
      // A provider that says it sends `iss` must send it: a callback without one is a mix-up.
      requireCallbackIssuer: metadata.authorization_response_iss_parameter_supported === true,
    };
    const jwks =
      cached?.metadata.jwks_uri === metadata.jwks_uri
        ? cached.jwks
        : createJwksResolver({
            url: metadata.jwks_uri,
            fetch: resolved.fetch,
            timeoutMs: resolved.timeoutMs,
            clock,
            cooldownMs: resolved.jwksCooldownMs,
            maxAgeMs: resolved.jwksMaxAgeMs,
          });
    const expected: State['expected'] = {
      // DocSpace: always the *configured* portal, never a value read from the token or the discovery document.
      issuer: compat === 'docspace' ? [`${base}/oauth2`] : [metadata.issuer],
      clientId: oauth.clientId,
      portalAudience: compat === 'docspace' ? base : undefined,
      // DocSpace signs ES256 although its metadata says RS256 (docs/docspace-behaviour.md §6.1).
      algorithms:
        resolved.algorithms ??
        (compat === 'docspace'
          ? ['ES256', 'RS256']
          : algorithmsFromMetadata(metadata.id_token_signing_alg_values_supported)),
      clockToleranceSec: resolved.clockToleranceSec,
    };
    cached = { metadata, fetchedAt: clock.now(), server, jwks, expected };
    return cached;
  };

  /** The metadata while it is fresh, without a promise (the path of every call after discovery). */
  const fresh = (signal: AbortSignal | undefined): State | undefined => {
    signal?.throwIfAborted();
    return cached && clock.now() - cached.fetchedAt < resolved.discoveryTtlMs ? cached : undefined;
  };
  const state = async (signal: AbortSignal | undefined): Promise<State> => {
    const current = fresh(signal);
    if (current) return current;
    const stale = cached;
    pending ??= load().finally(() => {
      pending = undefined;
    });
    try {
      return await abortable(pending, signal);
    } catch (error) {
      if (stale && !signal?.aborted) return stale; // the provider is briefly down: keep the metadata we had
      throw error;
    }
  };

  const verify = async (idToken: string, checksArg?: IdTokenCheckOptions): Promise<IdTokenClaims> => {
    const checks = optionsOf(checksArg);
    const current = fresh(checks.signal) ?? (await state(checks.signal));
    const expected: IdTokenExpectations = {
      ...current.expected,
      nonce: checks.nonce,
      accessToken: checks.accessToken,
      subject: checks.subject,
      now: clock.now(),
    };
    return abortable(verifyIdToken(idToken, { keys: current.jwks.getKey, expected }), checks.signal);
  };

  /**
   * The OAuth client's token check: a code exchange must bring an ID token, and every ID token is
   * verified (the nonce of the request; on refresh the `sub` of the token set being refreshed, OIDC
   * Core §12.2) before the tokens reach anyone.
   */
  const checkTokens = async (tokens: OAuthTokens, context: TokenCheckContext): Promise<void> => {
    if (tokens.idToken === undefined) {
      if (context.grant === 'refresh_token') return;
      throw new AuthError(
        'ERR_OIDC_MISSING_ID_TOKEN',
        'the token response has no "id_token" (was the "openid" scope granted?)',
      );
    }
    // Without this, a refresh answered with another user's tokens would store them under this user's key.
    const subject =
      context.subject ??
      (context.previousIdToken === undefined ? undefined : subjectOf(context.previousIdToken));
    const claims = await verify(tokens.idToken, {
      signal: context.signal,
      nonce: context.grant === 'authorization_code' ? context.nonce : undefined,
      accessToken: tokens.accessToken,
      subject,
    });
    verified.set(tokens, claims);
  };

  const oauth = createOAuthClient({
    ...resolved.oauth,
    resolveServer: async ({ signal }) => (await state(signal)).server,
    checkTokens,
    requireNonce: true,
  });

  const client: OidcClient = {
    clientId: oauth.clientId,
    compat,
    redirectUri: oauth.redirectUri,
    scopes: oauth.scopes,
    baseUrl: resolved.portal,
    async discover(callOptionsArg) {
      const callOptions = optionsOf(callOptionsArg);
      await oauth.resolveEndpoints(callOptions); // so `asOAuthClient().endpoints` is known from now on
      return (await state(callOptions.signal)).metadata;
    },
    async createAuthorizationRequest(requestOptionsArg) {
      return (await oauth.createAuthorizationRequest(
        optionsOf(requestOptionsArg),
      )) as AuthorizationRequest & {
        nonce: string;
      };
    },
    async handleCallback(callbackUrl, checks, callOptionsArg) {
      const tokens = await oauth.handleCallback(callbackUrl, checks, optionsOf(callOptionsArg));
      return { tokens, claims: verified.get(tokens)! };
    },
    async refresh(refreshToken, callOptionsArg) {
      const tokens = await oauth.refresh(refreshToken, optionsOf(callOptionsArg));
      return { tokens, claims: verified.get(tokens) };
    },
    verifyIdToken: (idToken, checks) => verify(idToken, checks),
    async userinfo(tokens, callOptionsArg) {
      const callOptions = optionsOf(callOptionsArg);
      const { metadata } = await state(callOptions.signal);
      if (!metadata.userinfo_endpoint)
        throw new AuthError('ERR_OIDC_UNSUPPORTED', 'the provider advertises no "userinfo_endpoint"');
      return requestUserinfo(transport, metadata.userinfo_endpoint, tokens, callOptions.signal);
    },
    async signOut(tokens, signOutOptionsArg) {
      const signOutOptions = optionsOf(signOutOptionsArg);
      const { metadata } = await state(signOutOptions.signal);
      return signOut(oauth, metadata, compat, tokens, {
        ...signOutOptions,
        postLogoutRedirectUri: signOutOptions.postLogoutRedirectUri ?? resolved.postLogoutRedirectUri,
      });
    },
    asOAuthClient: () => oauth,
    apiBaseUrl: (tokens) => oauth.apiBaseUrl(tokens),
  };
  return redactable(client, 'OidcClient');
}

/** The `sub` of an ID token we verified earlier (it comes from our own store); unreadable fails closed. */
function subjectOf(idToken: string): string {
  const sub = readUnverifiedClaims(idToken)?.sub;
  if (typeof sub !== 'string' || sub === '')
    throw idTokenError(
      'ERR_OIDC_SUBJECT_MISMATCH',
      'sub',
      'the ID token being refreshed has no readable "sub" to check the re-issued one against',
    );
  return sub;
}
