import {
  AuthConfigError,
  type Clock,
  type DocSpaceClient,
  type FetchLike,
  parseBaseUrl,
  type RefreshWindowOptions,
  Secret,
  type TokenEvent,
  type TokenStore,
} from '@ds/auth-core';
import {
  createTokenStrategy,
  optionalNumber,
  optionalSignal,
  redactable,
  requireOptions,
  requireString,
  systemClock,
  type TokenStrategy,
} from '@ds/auth-core/strategy';
import { describeOAuthError, OAuthError } from './errors.js';
import { type FormTransport, postForm } from './post-form.js';
import { parseTokenResponse } from './parse-token-response.js';
import { createSignatureSource, type SignatureSource } from './signature.js';

/** The part of a `DocSpaceClient` a developer token needs: its portal, and GET for the `x-signature`. */
export type DeveloperTokenClient = Pick<DocSpaceClient, 'baseUrl' | 'get'>;

/** What {@link requestDeveloperToken} and {@link createDeveloperTokenAuth} take. */
export interface DeveloperTokenOptions {
  /**
   * A DocSpace client signed in as the user the token is for; its credential needs a global scope (a
   * PAT, Basic, or a full-access API key: not an OAuth token), since it fetches the `x-signature`.
   */
  client: DeveloperTokenClient;
  /** The app's `client_id`. */
  clientId: string;
  /** The app's `client_secret` (a string, or the `Secret` that `createOAuthApps` hands out). */
  clientSecret: string | Secret;
  /** The scopes of the token: one or more of the app's registered scopes, e.g. `['files:read']`. */
  scopes: readonly string[];
  /** Where the token endpoint is (`{authorizationServer}/oauth2/token`). Default: the client's portal. */
  authorizationServer?: string | URL | undefined;
  /** The fetch for the token endpoint. Default: `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  /** Milliseconds one token request may take. Default 30 000. */
  timeoutMs?: number | undefined;
  /** The time source (token expiry, the signature's age). */
  clock?: Clock | undefined;
  /** Allow an http token endpoint that is not on loopback. Never the default. */
  allowInsecureHttp?: boolean | undefined;
}

/** A developer token: an access token only (DocSpace issues no refresh or ID token with it). */
export interface DeveloperToken {
  /** The access token (an ES256 JWT); prints as `[redacted]`. */
  readonly accessToken: Secret;
  readonly tokenType: 'Bearer';
  /** The granted scopes. */
  readonly scopes: readonly string[];
  /** Epoch ms; 60 minutes after issue on DocSpace. */
  readonly expiresAt: number | undefined;
  /** Epoch ms, by our clock. */
  readonly issuedAt: number;
}

/** What the developer-token strategy keeps (and a store holds): plain fields, for JSON stores. */
export interface StoredDeveloperToken {
  accessToken: string;
  scopes: string[];
  expiresAt?: number | undefined;
  issuedAt: number;
}

/** Options of {@link createDeveloperTokenAuth}. */
export interface DeveloperTokenAuthOptions extends DeveloperTokenOptions {
  /** Where the token lives, so processes share one (a new developer token replaces the last one). */
  store?: TokenStore<StoredDeveloperToken> | undefined;
  /** The store key, e.g. `dev:<clientId>:<user>`. Required with `store`. */
  key?: string | undefined;
  /** How early to get a new token. Default 10 % of the lifetime, 10 s to 5 min. */
  refreshWindow?: RefreshWindowOptions | undefined;
  /** Called for every change of the token (never log `event.token`). */
  onTokens?: ((event: TokenEvent<StoredDeveloperToken>) => void) | undefined;
}

/**
 * The developer-token strategy (see {@link createDeveloperTokenAuth}). `revoke()` revokes the token
 * on the server (`/oauth2/revoke` with the app's credentials) and forgets it; after a 401 the next call
 * gets a new one.
 */
export interface DeveloperTokenAuth extends TokenStrategy<'developer-token'> {
  /** The current developer token, a new one first when it is due. */
  getToken(options?: { signal?: AbortSignal }): Promise<DeveloperToken>;
}

interface Resolved {
  client: DeveloperTokenClient;
  clientId: string;
  clientSecret: Secret;
  scope: string;
  tokenEndpoint: string;
  revocationEndpoint: string;
  transport: FormTransport;
  clock: Clock;
}

const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

function resolve(options: DeveloperTokenOptions): Resolved {
  requireOptions(options, 'options');
  const { client } = options;
  if (typeof client?.get !== 'function' || !(client.baseUrl instanceof URL))
    throw new AuthConfigError('client', '"client" must be a DocSpace client (createDocSpaceClient)');
  const clientId = requireString(options.clientId, 'clientId');
  const secret = options.clientSecret;
  if (!(secret instanceof Secret)) requireString(secret, 'clientSecret');
  const clientSecret = secret instanceof Secret ? secret : new Secret(secret);
  if (clientSecret.reveal() === '')
    throw new AuthConfigError('clientSecret', '"clientSecret" must be a non-empty string');
  const scopes = options.scopes;
  if (!Array.isArray(scopes) || scopes.length === 0)
    throw new AuthConfigError('scopes', '"scopes" must be a non-empty array of scope names');
  scopes.forEach((scope: unknown, index) => {
    if (typeof scope !== 'string' || !SCOPE.test(scope))
      throw new AuthConfigError(
        `scopes[${index}]`,
        `"scopes[${index}]" must be a scope name such as "files:read"`,
      );
  });
  const allowInsecureHttp = options.allowInsecureHttp === true;
  const server =
    options.authorizationServer === undefined
      ? client.baseUrl
      : parseBaseUrl(options.authorizationServer, { option: 'authorizationServer', allowInsecureHttp });
  const prefix = `${server.href.replace(/\/$/, '')}/oauth2`;
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  if (typeof fetchImpl !== 'function') throw new AuthConfigError('fetch', '"fetch" must be a function');
  const clock = options.clock ?? systemClock;
  if (typeof clock?.now !== 'function')
    throw new AuthConfigError('clock', '"clock" must have a now() function');
  return {
    client,
    clientId,
    clientSecret,
    // DocSpace wants exactly one `scope` parameter (PersonalAccessTokenAuthenticationConverter.java).
    scope: [...new Set(scopes as string[])].join(' '),
    tokenEndpoint: `${prefix}/token`,
    revocationEndpoint: `${prefix}/revoke`,
    transport: {
      fetch: fetchImpl,
      timeoutMs: optionalNumber(options.timeoutMs, 'timeoutMs', 1, 600_000) ?? 30_000,
      clock,
    },
    clock,
  };
}

/** What each error of the `personal_access_token` grant means, for the message. */
const MEANINGS: Record<string, string> = {
  invalid_client: 'the client id or secret is wrong, or the app is deactivated or deleted',
  invalid_scope: "the scopes must be among the app's registered scopes",
  access_denied: 'guests cannot have developer tokens',
  unauthorized_client: 'the x-signature did not reach the token endpoint (a proxy dropping the header?)',
  server_error: 'the token endpoint refused the x-signature',
};

async function obtain(
  resolved: Resolved,
  signatures: SignatureSource,
  signal: AbortSignal | undefined,
): Promise<StoredDeveloperToken> {
  for (let attempt = 0; ; attempt++) {
    const signature = await signatures.get(signal);
    try {
      const body = await postForm(
        { ...resolved.transport, headers: { 'x-signature': signature.reveal() } },
        resolved.tokenEndpoint,
        {
          grant_type: 'personal_access_token',
          client_id: resolved.clientId,
          client_secret: resolved.clientSecret.reveal(),
          scope: resolved.scope,
        },
        'the token endpoint',
        signal,
      );
      const tokens = parseTokenResponse(body, resolved.clock.now());
      return {
        accessToken: tokens.accessToken,
        scopes: tokens.scope ?? resolved.scope.split(' '),
        expiresAt: tokens.expiresAt,
        issuedAt: tokens.issuedAt ?? resolved.clock.now(),
      };
    } catch (error) {
      if (!OAuthError.isInstance(error)) throw error;
      // An expired or unknown signature is a server_error (PersonalAccessTokenAuthenticationProvider.java):
      // try once more with a new one.
      if (error.error === 'server_error' && attempt === 0 && !signal?.aborted) {
        signatures.reject(signature);
        continue;
      }
      const meaning = MEANINGS[error.error];
      if (!meaning) throw error;
      throw new OAuthError(
        `${describeOAuthError('the token endpoint', error.error, error.errorDescription)}: ${meaning}`,
        {
          error: error.error,
          errorDescription: error.errorDescription,
          errorUri: error.errorUri,
          status: error.status,
          retryable: error.retryable,
          cause: error,
        },
      );
    }
  }
}

function toDeveloperToken(token: StoredDeveloperToken): DeveloperToken {
  return redactable(
    {
      accessToken: new Secret(token.accessToken),
      tokenType: 'Bearer' as const,
      scopes: [...token.scopes],
      expiresAt: token.expiresAt,
      issuedAt: token.issuedAt,
    },
    'DeveloperToken',
  );
}

/**
 * Obtains a developer token (DocSpace's `personal_access_token` grant) for an OAuth app, as the user
 * `client` is signed in as: the `x-signature` is fetched for that user from
 * `GET /api/2.0/security/oauth2/token`, then `POST {portal}/oauth2/token` with the app's
 * `client_id`/`client_secret` and one `scope`. The answer is an access token only, for 60 minutes; a
 * new developer token for the same app and user replaces the previous one on the server.
 *
 * Validates the options synchronously (`AuthConfigError` naming the option). Rejects with
 * `AuthHttpError` `ERR_AUTH_FORBIDDEN` when the credential cannot get a signature (an OAuth token, a
 * narrow API key), and `OAuthError` from the token endpoint: `ERR_OAUTH_INVALID_CLIENT` (wrong
 * secret, deactivated or deleted app), `ERR_OAUTH_INVALID_SCOPE` (not the app's scopes),
 * `ERR_OAUTH_ACCESS_DENIED` (a guest), `ERR_OAUTH_SERVER_ERROR` (the signature refused even when new),
 * `ERR_OAUTH_UNAUTHORIZED_CLIENT` (no signature arrived); `ERR_AUTH_RATE_LIMITED` on 429.
 *
 * @example
 * ```ts
 * const docspace = createDocSpaceClient({ baseUrl, auth: createPersonalTokenAuth({ baseUrl, userName, password }) });
 * const token = await requestDeveloperToken({ client: docspace, clientId, clientSecret, scopes: ['files:read'] });
 * await fetch(`${baseUrl}/api/2.0/files/@my`, { headers: { authorization: `Bearer ${token.accessToken.reveal()}` } });
 * ```
 */
export function requestDeveloperToken(
  options: DeveloperTokenOptions & { signal?: AbortSignal | undefined },
): Promise<DeveloperToken> {
  const resolved = resolve(options);
  const signal = optionalSignal(options.signal);
  const signatures = createSignatureSource(resolved.client, () => resolved.clock.now());
  return obtain(resolved, signatures, signal).then(toDeveloperToken);
}

/**
 * The developer-token strategy: `Bearer <developer token>` for the user `client` is signed in as,
 * acting through an OAuth app (its scopes, its consent-free developer grant). It gets a token on first
 * use and a new one shortly before it expires or after a 401 (there is no refresh token; the
 * `x-signature` is cached for its 5 minutes), one request however many callers wait.
 *
 * Validates the options synchronously (`AuthConfigError` naming the option); the errors of
 * {@link requestDeveloperToken} come from `authenticate()`.
 *
 * @example
 * ```ts
 * const user = createDocSpaceClient({ baseUrl, auth: createApiKeyAuth({ apiKey }) }); // full access
 * const auth = createDeveloperTokenAuth({ client: user, clientId, clientSecret, scopes: ['files:read'] });
 * const asApp = createDocSpaceClient({ baseUrl, auth });
 * await asApp.get('/api/2.0/files/@my');
 * ```
 */
export function createDeveloperTokenAuth(options: DeveloperTokenAuthOptions): DeveloperTokenAuth {
  const resolved = resolve(options);
  if (options.store !== undefined && options.key === undefined)
    throw new AuthConfigError('key', '"key" is required with "store"');
  const signatures = createSignatureSource(resolved.client, () => resolved.clock.now());
  const { strategy, tokens } = createTokenStrategy<StoredDeveloperToken, 'developer-token'>({
    kind: 'developer-token',
    label: 'DeveloperTokenAuth',
    store: options.store,
    key: options.key,
    clock: resolved.clock,
    refreshWindow: options.refreshWindow,
    onTokens: options.onTokens,
    obtain: ({ signal }) => obtain(resolved, signatures, signal),
    toHeaders: (token) => ({ authorization: `Bearer ${token.accessToken}` }),
    async revokeToken(held, { signal }) {
      await postForm(
        resolved.transport,
        resolved.revocationEndpoint,
        {
          token: held.accessToken,
          token_type_hint: 'access_token',
          client_id: resolved.clientId,
          client_secret: resolved.clientSecret.reveal(),
        },
        'the revocation endpoint',
        signal,
      );
    },
  });
  return Object.assign(strategy, {
    getToken: async (getOptions: { signal?: AbortSignal } = {}) =>
      toDeveloperToken(await tokens.get({ signal: getOptions.signal })),
  });
}
