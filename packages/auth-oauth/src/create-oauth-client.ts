import { AuthConfigError, AuthError, parseBaseUrl, Secret } from '@ds/auth-core';
import {
  isLoopbackHost,
  optionalFunction,
  optionalNumber,
  redactable,
  requireOptions,
  requireString,
  systemClock,
} from '@ds/auth-core/strategy';
import { apiBaseFromToken, checkAllowedHosts } from './api-base.js';
import { randomBase64Url } from './base64url.js';
import { parseCallback } from './parse-callback.js';
import { parseTokenResponse } from './parse-token-response.js';
import { createPkcePair } from './pkce.js';
import { type FormTransport, postForm } from './post-form.js';
import type {
  AuthorizationRequest,
  AuthorizationServer,
  CallbackChecks,
  ClientAuthMethod,
  IntrospectionResult,
  OAuthClientOptions,
  OAuthEndpoints,
  OAuthTokens,
  TokenCheckContext,
} from './types.js';

/** Per-call options. */
export interface OAuthCallOptions {
  signal?: AbortSignal | undefined;
}

/** Options of {@link OAuthClient.refresh}. */
export interface RefreshOptions extends OAuthCallOptions {
  /**
   * The ID token of the token set being refreshed. An OpenID Connect client (`oidc.asOAuthClient()`)
   * then refuses a re-issued ID token for another user (OIDC Core §12.2); a plain OAuth client ignores it.
   */
  previousIdToken?: string | undefined;
  /** The `sub` a re-issued ID token must have (OpenID Connect); a plain OAuth client ignores it. */
  subject?: string | undefined;
}

/** Options of one authorization request. */
export interface AuthorizationRequestOptions {
  /** Scopes for this request; default the client's. */
  scopes?: string[] | undefined;
  /** Extra query parameters (e.g. `prompt`); the protocol's own parameters cannot be overridden. */
  extraParams?: Record<string, string> | undefined;
  /** Another redirect URI, e.g. the loopback one with the port actually in use. */
  redirectUri?: string | undefined;
  /** Add a `nonce` (OpenID Connect): `true` makes one, a string uses it. */
  nonce?: boolean | string | undefined;
}

/** The OAuth 2.0 client for one registered DocSpace application. */
export interface OAuthClient {
  readonly clientId: string;
  /**
   * The endpoints. With `resolveServer`, the ones it found last: `ERR_OAUTH_ENDPOINTS_UNRESOLVED` before
   * the first request (use {@link OAuthClient.resolveEndpoints}).
   */
  readonly endpoints: Readonly<OAuthEndpoints>;
  /** The endpoints, found first when they come from `resolveServer` (OpenID Connect discovery). */
  resolveEndpoints(options?: OAuthCallOptions): Promise<Readonly<OAuthEndpoints>>;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  /** Whether it is a public (PKCE, no secret) client; DocSpace gives those no refresh token. */
  readonly isPublic: boolean;
  /** The portal URL, when configured with `baseUrl`. */
  readonly baseUrl: URL | undefined;
  /** A new authorization URL with CSPRNG `state` and PKCE S256; keep `state` and `codeVerifier`. */
  createAuthorizationRequest(options?: AuthorizationRequestOptions): Promise<AuthorizationRequest>;
  /** Checks the callback (redirect URI, state, iss, error) and exchanges the code. */
  handleCallback(
    callbackUrl: string | URL,
    checks: CallbackChecks,
    options?: OAuthCallOptions,
  ): Promise<OAuthTokens>;
  /** Exchanges an authorization code (when you parsed the callback yourself). */
  exchangeCode(
    code: string,
    checks: Omit<CallbackChecks, 'state'>,
    options?: OAuthCallOptions,
  ): Promise<OAuthTokens>;
  /** Uses a refresh token; the result always carries a refresh token (the new one, or this one if none came). */
  refresh(refreshToken: string, options?: RefreshOptions): Promise<OAuthTokens>;
  /** Revokes a token (RFC 7009). */
  revoke(token: string, hint?: 'access_token' | 'refresh_token', options?: OAuthCallOptions): Promise<void>;
  /** Asks whether a token is active (RFC 7662). DocSpace needs no client authentication here. */
  introspect(token: string, options?: OAuthCallOptions): Promise<IntrospectionResult>;
  /** The DocSpace API base for these tokens: the portal, or in SaaS the token's `aud[0]` (checked). */
  apiBaseUrl(tokens: Pick<OAuthTokens, 'accessToken'>): URL;
}

const RESERVED = new Set([
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'code_challenge',
  'code_challenge_method',
  'scope',
  'nonce',
]);

/**
 * Creates an OAuth 2.0 client: authorization code with PKCE S256 always, `client_secret_post` (the
 * only client authentication DocSpace accepts) or a public PKCE client, rotation-aware refresh,
 * revocation and introspection. Web APIs only, so it runs in browsers as a public client too.
 *
 * Validates every option (`AuthConfigError` naming it): https endpoints (http only on loopback),
 * a redirect URI without query or fragment (DocSpace appends `?code=` by string concatenation).
 * `resolveServer` finds the endpoints at run time and `checkTokens` sees every token response before
 * the caller does: `createOidcClient` builds its one OAuth client with them (discovery, ID tokens).
 *
 * @example
 * ```ts
 * const client = createOAuthClient({ baseUrl: 'https://portal.example.com', clientId, clientSecret,
 *   redirectUri: 'https://app.example.com/callback', scopes: ['files:read', 'accounts.self:read'] });
 * const request = await client.createAuthorizationRequest(); // redirect to request.url
 * const tokens = await client.handleCallback(callbackUrl, request);
 * ```
 * @see RFC 6749, RFC 7636, docs/docspace-behaviour.md §5
 */
export function createOAuthClient(options: OAuthClientOptions): OAuthClient {
  requireOptions(options, 'options');
  const allowInsecureHttp = options.allowInsecureHttp === true;
  const clientId = requireString(options.clientId, 'clientId');
  if (options.clientSecret !== undefined) requireString(options.clientSecret, 'clientSecret');
  const secret = options.clientSecret === undefined ? undefined : new Secret(options.clientSecret);
  const authMethod: ClientAuthMethod = options.clientAuthMethod ?? (secret ? 'client_secret_post' : 'none');
  if (!['client_secret_post', 'client_secret_basic', 'none'].includes(authMethod)) {
    throw new AuthConfigError(
      'clientAuthMethod',
      '"clientAuthMethod" must be "client_secret_post", "client_secret_basic" or "none"',
    );
  }
  if (authMethod !== 'none' && !secret)
    throw new AuthConfigError('clientSecret', `"clientSecret" is required for "${authMethod}"`);
  const baseUrl =
    options.baseUrl === undefined ? undefined : parseBaseUrl(options.baseUrl, { allowInsecureHttp });
  const resolveServer = optionalFunction<NonNullable<OAuthClientOptions['resolveServer']>>(
    options.resolveServer,
    'resolveServer',
  );
  const configured = resolveServer ? undefined : configuredEndpoints(baseUrl, options, allowInsecureHttp);
  const redirectUri = checkRedirectUri(options.redirectUri, 'redirectUri', allowInsecureHttp);
  const scopes = checkScopes(options.scopes, 'scopes');
  const allowedHosts = checkAllowedHosts(options.allowedApiHosts) ?? (baseUrl ? [baseUrl.hostname] : []);
  const issuer = checkIssuer(options.issuer);
  if (options.requireCallbackIssuer !== undefined && typeof options.requireCallbackIssuer !== 'boolean')
    throw new AuthConfigError('requireCallbackIssuer', '"requireCallbackIssuer" must be a boolean');
  if (options.requireNonce !== undefined && typeof options.requireNonce !== 'boolean')
    throw new AuthConfigError('requireNonce', '"requireNonce" must be a boolean');
  const requireNonce = options.requireNonce === true;
  const checkTokens = optionalFunction<NonNullable<OAuthClientOptions['checkTokens']>>(
    options.checkTokens,
    'checkTokens',
  );
  const server: Server | undefined = configured && {
    endpoints: configured,
    issuer,
    issuerOrigin: new URL(configured.authorization).origin,
    requireIssuer: options.requireCallbackIssuer === true,
  };
  let found: { from: AuthorizationServer; server: Server } | undefined;
  /** The server: the configured one, or what `resolveServer` finds (checked once per answer it gives). */
  const serverFor = async (signal: AbortSignal | undefined): Promise<Server> => {
    if (server) return server;
    const from = await resolveServer!({ signal });
    if (found?.from !== from) found = { from, server: serverOf(from, allowInsecureHttp) };
    return found.server;
  };
  const timeoutMs = optionalNumber(options.timeoutMs, 'timeoutMs', 1, 600_000) ?? 30_000;
  const clock = options.clock ?? systemClock;
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  if (typeof fetchImpl !== 'function') throw new AuthConfigError('fetch', '"fetch" must be a function');
  const transport: FormTransport = {
    fetch: fetchImpl,
    timeoutMs,
    clock,
    headers:
      authMethod === 'client_secret_basic' && secret
        ? {
            authorization: `Basic ${btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret.reveal())}`)}`,
          }
        : undefined,
  };
  const clientAuth = (): Record<string, string | undefined> =>
    authMethod === 'client_secret_post'
      ? { client_id: clientId, client_secret: secret?.reveal() }
      : { client_id: clientId };
  /** Token responses reach the caller only after the `checkTokens` hook accepted them. */
  const checked = async (tokens: OAuthTokens, context: TokenCheckContext): Promise<OAuthTokens> => {
    if (checkTokens) await checkTokens(tokens, context);
    return tokens;
  };
  const nonceOf = (checks: Omit<CallbackChecks, 'state'> | undefined): string | undefined =>
    requireNonce ? requireString(checks?.nonce, 'nonce') : checks?.nonce;

  /** The code exchange at `server` (found by the caller: a callback has just resolved it). */
  const exchangeAt = async (
    server: Server,
    code: string,
    checks: Omit<CallbackChecks, 'state'>,
    nonce: string | undefined,
    callOptions: OAuthCallOptions,
  ): Promise<OAuthTokens> => {
    const { endpoints } = server;
    const body = await postForm(
      transport,
      endpoints.token,
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: checks.redirectUri ?? redirectUri,
        code_verifier: checks.codeVerifier,
        ...clientAuth(),
      },
      'the token endpoint',
      callOptions.signal,
    );
    const tokens = parseTokenResponse(body, clock.now());
    return checked(tokens, { grant: 'authorization_code', nonce, signal: callOptions.signal });
  };
  const exchangeCode: OAuthClient['exchangeCode'] = async (code, checks, callOptionsArg) => {
    const callOptions = optionsOf(callOptionsArg);
    const nonce = nonceOf(checks);
    requireString(code, 'code');
    requireString(checks?.codeVerifier, 'codeVerifier');
    return exchangeAt(await serverFor(callOptions.signal), code, checks, nonce, callOptions);
  };

  const client: OAuthClient = {
    clientId,
    get endpoints() {
      const known = server ?? found?.server;
      if (!known)
        throw new AuthError(
          'ERR_OAUTH_ENDPOINTS_UNRESOLVED',
          'the endpoints are not known yet: await "resolveEndpoints()" first',
        );
      return known.endpoints;
    },
    async resolveEndpoints(callOptionsArg) {
      return (await serverFor(optionsOf(callOptionsArg).signal)).endpoints;
    },
    redirectUri,
    scopes,
    isPublic: authMethod === 'none',
    baseUrl,
    async createAuthorizationRequest(requestOptionsArg) {
      const requestOptions = optionsOf(requestOptionsArg);
      if (requireNonce && requestOptions.nonce === false)
        throw new AuthConfigError('nonce', 'OpenID Connect sign-in always sends a "nonce"');
      const requestScopes =
        requestOptions.scopes === undefined ? scopes : checkScopes(requestOptions.scopes, 'scopes');
      const requestRedirect =
        requestOptions.redirectUri === undefined
          ? redirectUri
          : checkRedirectUri(requestOptions.redirectUri, 'redirectUri', allowInsecureHttp);
      const { endpoints } = await serverFor(undefined);
      const pkce = await createPkcePair();
      const state = randomBase64Url(32);
      const wanted = requestOptions.nonce ?? (requireNonce ? true : undefined);
      const nonce = wanted === true ? randomBase64Url(32) : typeof wanted === 'string' ? wanted : undefined;
      const url = new URL(endpoints.authorization);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', clientId);
      url.searchParams.set('redirect_uri', requestRedirect);
      if (requestScopes.length > 0) url.searchParams.set('scope', requestScopes.join(' '));
      url.searchParams.set('state', state);
      url.searchParams.set('code_challenge', pkce.codeChallenge);
      url.searchParams.set('code_challenge_method', 'S256');
      if (nonce !== undefined) url.searchParams.set('nonce', nonce);
      const extra = requestOptions.extraParams;
      if (extra !== undefined && (typeof extra !== 'object' || extra === null || Array.isArray(extra)))
        throw new AuthConfigError(
          'extraParams',
          '"extraParams" must be an object of parameter names and values',
        );
      for (const [name, value] of Object.entries(extra ?? {})) {
        if (RESERVED.has(name))
          throw new AuthConfigError(
            `extraParams.${name}`,
            `"extraParams.${name}" is set by the client and cannot be overridden`,
          );
        if (typeof value !== 'string')
          throw new AuthConfigError(`extraParams.${name}`, `"extraParams.${name}" must be a string`);
        url.searchParams.set(name, value);
      }
      return redactable(
        {
          url: url.href,
          state,
          codeVerifier: pkce.codeVerifier,
          redirectUri: requestRedirect,
          scopes: requestScopes,
          ...(nonce === undefined ? {} : { nonce }),
        },
        'AuthorizationRequest',
      );
    },
    async handleCallback(callbackUrl, checks, callOptionsArg) {
      const nonce = nonceOf(checks);
      requireString(checks?.state, 'state');
      const callOptions = optionsOf(callOptionsArg);
      const current = await serverFor(callOptions.signal);
      const code = parseCallback(callbackUrl, {
        state: checks.state,
        redirectUri: checks.redirectUri ?? redirectUri,
        issuer: current.issuer,
        issuerOrigin: current.issuerOrigin,
        requireIssuer: current.requireIssuer,
      });
      requireString(checks.codeVerifier, 'codeVerifier');
      return exchangeAt(current, code, checks, nonce, callOptions);
    },
    exchangeCode,
    async refresh(refreshToken, callOptionsArg) {
      const callOptions = optionsOf(callOptionsArg);
      requireString(refreshToken, 'refreshToken');
      const { endpoints } = await serverFor(callOptions.signal);
      const body = await postForm(
        transport,
        endpoints.token,
        { grant_type: 'refresh_token', refresh_token: refreshToken, ...clientAuth() },
        'the token endpoint',
        callOptions.signal,
      );
      const tokens = parseTokenResponse(body, clock.now());
      // Never lose the refresh token: a server that does not rotate may leave it out (RFC 6749 §6).
      tokens.refreshToken ??= refreshToken;
      return checked(tokens, {
        grant: 'refresh_token',
        previousIdToken: callOptions.previousIdToken,
        subject: callOptions.subject,
        signal: callOptions.signal,
      });
    },
    async revoke(token, hint, callOptionsArg) {
      const callOptions = optionsOf(callOptionsArg);
      requireString(token, 'token');
      if (hint !== undefined && hint !== 'access_token' && hint !== 'refresh_token')
        throw new AuthConfigError('hint', '"hint" must be "access_token" or "refresh_token"');
      const { endpoints } = await serverFor(callOptions.signal);
      if (!endpoints.revocation)
        throw new AuthConfigError('endpoints.revocation', 'no revocation endpoint is configured');
      await postForm(
        transport,
        endpoints.revocation,
        { token, token_type_hint: hint, ...clientAuth() },
        'the revocation endpoint',
        callOptions.signal,
      );
    },
    async introspect(token, callOptionsArg) {
      const callOptions = optionsOf(callOptionsArg);
      requireString(token, 'token');
      const { endpoints } = await serverFor(callOptions.signal);
      if (!endpoints.introspection)
        throw new AuthConfigError('endpoints.introspection', 'no introspection endpoint is configured');
      const body = await postForm(
        transport,
        endpoints.introspection,
        { token, ...clientAuth() },
        'the introspection endpoint',
        callOptions.signal,
      );
      if (
        typeof body !== 'object' ||
        body === null ||
        typeof (body as { active?: unknown }).active !== 'boolean'
      ) {
        return { active: false };
      }
      return body as IntrospectionResult;
    },
    apiBaseUrl(tokens) {
      return apiBaseFromToken(tokens.accessToken, allowedHosts, baseUrl);
    },
  };
  return redactable(client, 'OAuthClient');
}

/** An authorization server as the client uses it: checked endpoints and the callback's issuer rules. */
interface Server {
  readonly endpoints: Readonly<OAuthEndpoints>;
  readonly issuer: string | readonly string[] | undefined;
  /** Without a configured issuer, an `iss` from another origin than the one we sent the user to is a mix-up. */
  readonly issuerOrigin: string;
  readonly requireIssuer: boolean;
}

function serverOf(from: AuthorizationServer, allowInsecureHttp: boolean): Server {
  const endpoints = checkEndpoints(undefined, from.endpoints, allowInsecureHttp);
  return {
    endpoints,
    issuer: checkIssuer(from.issuer),
    issuerOrigin: new URL(endpoints.authorization).origin,
    requireIssuer: from.requireCallbackIssuer === true,
  };
}

/** The endpoints `baseUrl`, `authorizationServer` and `endpoints` give. */
function configuredEndpoints(
  baseUrl: URL | undefined,
  options: OAuthClientOptions,
  allowInsecureHttp: boolean,
): OAuthEndpoints {
  const server =
    options.authorizationServer === undefined
      ? baseUrl
      : parseBaseUrl(options.authorizationServer, { option: 'authorizationServer', allowInsecureHttp });
  return checkEndpoints(server, options.endpoints, allowInsecureHttp);
}

function checkEndpoints(
  server: URL | undefined,
  explicit: Partial<OAuthEndpoints> | undefined,
  allowInsecureHttp: boolean,
): OAuthEndpoints {
  const prefix = server ? `${server.href.replace(/\/$/, '')}/oauth2` : undefined;
  const pick = (name: keyof OAuthEndpoints, path: string): string | undefined => {
    const value = explicit?.[name] ?? (prefix ? `${prefix}/${path}` : undefined);
    return value === undefined
      ? undefined
      : parseBaseUrl(value, { option: `endpoints.${name}`, allowInsecureHttp }).href;
  };
  const authorization = pick('authorization', 'authorize');
  const token = pick('token', 'token');
  if (!authorization || !token) {
    throw new AuthConfigError(
      'baseUrl',
      'give "baseUrl" (the portal), "authorizationServer" or "endpoints.authorization" and "endpoints.token"',
    );
  }
  return {
    authorization,
    token,
    revocation: pick('revocation', 'revoke'),
    introspection: pick('introspection', 'introspect'),
  };
}

function checkRedirectUri(value: unknown, option: string, allowInsecureHttp: boolean): string {
  if (typeof value !== 'string') throw new AuthConfigError(option, `"${option}" must be a URL string`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AuthConfigError(option, `"${option}" is not a valid absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AuthConfigError(option, `"${option}" must be an http(s) URL`);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !allowInsecureHttp) {
    throw new AuthConfigError(option, `"${option}" must use https unless it is a loopback address`, {
      code: 'ERR_AUTH_INSECURE_URL',
    });
  }
  if (url.search !== '' || url.hash !== '') {
    throw new AuthConfigError(
      option,
      `"${option}" must not have a query or fragment (DocSpace appends "?code=" to it as text)`,
    );
  }
  return value;
}

/** Per-call options: `undefined` (or `null`) is none; anything but an object is an `AuthConfigError`. */
function optionsOf<T extends object>(value: T | undefined): T | Record<string, never> {
  return value === undefined || value === null ? {} : (requireOptions(value, 'options') as T);
}

function checkIssuer(value: unknown): string | readonly string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    list.some((issuer) => typeof issuer !== 'string' || issuer === '')
  ) {
    throw new AuthConfigError('issuer', '"issuer" must be a non-empty string or a list of them');
  }
  return typeof value === 'string' ? value : Object.freeze([...(list as string[])]);
}

function checkScopes(value: unknown, option: string): string[] {
  if (
    !Array.isArray(value) ||
    value.some((scope) => typeof scope !== 'string' || !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope))
  ) {
    throw new AuthConfigError(option, `"${option}" must be an array of scope names without spaces`);
  }
  return [...value] as string[];
}
