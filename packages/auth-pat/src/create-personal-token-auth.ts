import { AuthConfigError, AuthError, createDocSpaceClient, parseBaseUrl, Secret } from '@ds/auth-core';
import {
  assertHeaderValue,
  createTokenStrategy,
  optionalFunction,
  requireOptions,
  type TokenStrategy,
} from '@ds/auth-core/strategy';
import { isCookieValue } from './cookie-value.js';
import { TwoFactorRequiredError } from './errors.js';
import { mapLoginError } from './map-login-error.js';
import { type LoginResult, parseLoginResponse } from './parse-login-response.js';
import type {
  PasswordCredentials,
  PersonalToken,
  PersonalTokenAuthOptions,
  TwoFactorChallenge,
} from './types.js';

/**
 * The personal-access-token strategy: `revoke()` logs out on the portal (the token sent as the
 * `asc_auth_key` cookie, the only way that revokes) and forgets it; `invalidate()` after a 401 makes
 * the next call log in again; `settle()` resolves once no login is in flight.
 */
export type PersonalTokenAuth = TokenStrategy<'pat'>;

const LOGIN_PATH = '/api/2.0/authentication';
const MAX_CODE_ATTEMPTS = 3;

/**
 * Personal access tokens: logs in once with `POST /api/2.0/authentication`, reuses the token for as
 * long as it lives (across processes and restarts with a `store`), logs in again shortly before
 * `expires` or once after a 401, and finishes two-factor logins through `onTwoFactor`.
 *
 * Validates every option (`AuthConfigError` naming it). Login failures: `ERR_PAT_INVALID_CREDENTIALS`
 * (401, never retried), `ERR_PAT_LOCKED_OUT` (`LockedOutError`, with `retryAfterMs`),
 * `ERR_PAT_USER_DISABLED`, `ERR_PAT_TWO_FACTOR_REQUIRED` (`TwoFactorRequiredError`),
 * `ERR_PAT_INVALID_TWO_FACTOR_CODE`. The password never appears in errors, logs or the store.
 *
 * @example
 * ```ts
 * const auth = createPersonalTokenAuth({ baseUrl: 'https://portal.example.com', userName, password });
 * const client = createDocSpaceClient({ baseUrl: 'https://portal.example.com', auth });
 * ```
 * @see docs/docspace-behaviour.md §3
 */
export function createPersonalTokenAuth(options: PersonalTokenAuthOptions): PersonalTokenAuth {
  requireOptions(options, 'options');
  const allowInsecureHttp = options.allowInsecureHttp === true;
  const baseUrl = parseBaseUrl(options.baseUrl, { allowInsecureHttp });
  const portal = baseUrl.origin;
  const readCredentials = resolveCredentialSource(options);
  const onTwoFactor = optionalFunction<NonNullable<PersonalTokenAuthOptions['onTwoFactor']>>(
    options.onTwoFactor,
    'onTwoFactor',
  );
  if (options.session !== undefined && typeof options.session !== 'boolean') {
    throw new AuthConfigError('session', '"session" must be a boolean');
  }
  const key =
    options.key ?? (options.userName ? `pat:${portal}:${options.userName.toLowerCase()}` : undefined);
  if (key === undefined && options.store !== undefined) {
    throw new AuthConfigError(
      'key',
      '"key" is required when "credentials" is a function and a "store" is given',
    );
  }
  const client = createDocSpaceClient({
    baseUrl,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    allowInsecureHttp,
    clock: options.clock,
    retries: 0,
  });

  const post = async (
    path: string,
    body: unknown,
    signal: AbortSignal,
    step: 'login' | 'code',
  ): Promise<LoginResult> => {
    try {
      // Never followed: fetch would send the password (or the code) on to a 307's or 308's Location.
      return parseLoginResponse(await client.post(path, body, { signal, redirects: 'refuse' }));
    } catch (error) {
      throw mapLoginError(error, step);
    }
  };

  const login = async (signal: AbortSignal): Promise<PersonalToken> => {
    const credentials = await readCredentials(signal);
    const body = {
      userName: credentials.userName,
      password: credentials.password,
      session: options.session === true,
    };
    let result = await post(LOGIN_PATH, body, signal, 'login');
    for (let attempt = 0; result.kind === 'challenge'; attempt++) {
      const challenge = result.challenge;
      if (!onTwoFactor || challenge.kind === 'phone-activation' || challenge.kind === 'app-setup') {
        throw new TwoFactorRequiredError(describeChallenge(challenge, onTwoFactor !== undefined), challenge);
      }
      const code = validateCode(await onTwoFactor(challenge, { signal, attempt }));
      try {
        result = await post(`${LOGIN_PATH}/${encodeURIComponent(code)}`, { ...body, code }, signal, 'code');
      } catch (error) {
        const wrongCode = AuthError.isInstance(error) && error.code === 'ERR_PAT_INVALID_TWO_FACTOR_CODE';
        if (!wrongCode || attempt + 1 >= MAX_CODE_ATTEMPTS) throw error;
      }
    }
    const now = (options.clock ?? { now: Date.now }).now();
    return { token: result.token, expiresAt: result.expiresAt, issuedAt: now, portal };
  };

  const { strategy } = createTokenStrategy<PersonalToken, 'pat'>({
    kind: 'pat',
    label: 'PersonalTokenAuth',
    obtain: ({ signal }) => login(signal),
    toHeaders(token) {
      assertHeaderValue(token.token, 'token');
      assertCookieValue(token.token); // a stored token too: it goes out as a cookie
      // The cookie is what DocSpace reads first, and the only form its logout revokes (docs/docspace-behaviour.md §3.1).
      return { authorization: `Bearer ${token.token}`, cookie: `asc_auth_key=${token.token}` };
    },
    // A token stored for another portal under the same key: never send it here.
    accepts: (token) => token.portal === portal,
    async revokeToken(token, { signal }) {
      assertCookieValue(token.token);
      try {
        await client.post(`${LOGIN_PATH}/logout`, undefined, {
          signal,
          headers: { cookie: `asc_auth_key=${token.token}` },
          redirects: 'refuse', // the token cookie goes to the portal only
        });
      } catch (error) {
        // Already dead on the server: nothing left to revoke. Anything else: keep the token so logout can be retried.
        if (!(AuthError.isInstance(error) && error.code === 'ERR_AUTH_UNAUTHORIZED')) throw error;
      }
    },
    store: options.store,
    key: options.store ? key : undefined,
    clock: options.clock,
    refreshWindow: options.refreshWindow,
    // A login is an audit entry and an active connection on the portal: at most one automatic retry,
    // and none for a rejected password (that walks into the lockout).
    retry: { attempts: 2 },
    // A person may take a while to type a two-factor code; each HTTP request has its own timeout.
    timeoutMs: 15 * 60_000,
    onTokens: options.onTokens,
  });
  return strategy;
}

function resolveCredentialSource(
  options: PersonalTokenAuthOptions,
): (signal: AbortSignal) => Promise<PasswordCredentials> {
  if (options.credentials !== undefined) {
    const source = optionalFunction<NonNullable<PersonalTokenAuthOptions['credentials']>>(
      options.credentials,
      'credentials',
    );
    if (options.userName !== undefined || options.password !== undefined) {
      throw new AuthConfigError(
        'credentials',
        'give either "credentials" or "userName" and "password", not both',
      );
    }
    return async (signal) => {
      const supplied = await source!({ signal });
      checkUserName(supplied?.userName, 'credentials().userName');
      checkPassword(supplied?.password, 'credentials().password');
      return supplied;
    };
  }
  checkUserName(options.userName, 'userName');
  checkPassword(options.password, 'password');
  const userName = options.userName as string;
  const password = new Secret(options.password as string);
  return async () => ({ userName, password: password.reveal() });
}

function checkUserName(value: unknown, option: string): void {
  if (typeof value !== 'string' || value.trim() === '')
    throw new AuthConfigError(option, `"${option}" must be a non-empty string`);
  if (/[\u0000-\u001f\u007f]/.test(value))
    throw new AuthConfigError(option, `"${option}" contains a control character`);
}

function checkPassword(value: unknown, option: string): void {
  if (typeof value !== 'string' || value === '')
    throw new AuthConfigError(option, `"${option}" must be a non-empty string`);
}

function validateCode(code: unknown): string {
  if (typeof code !== 'string')
    throw new AuthConfigError('onTwoFactor', '"onTwoFactor" must resolve to the code as a string');
  const trimmed = code.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9-]{4,64}$/.test(trimmed)) {
    throw new AuthError(
      'ERR_PAT_INVALID_TWO_FACTOR_CODE',
      'the two-factor code must be 4 to 64 letters, digits or dashes',
    );
  }
  return trimmed;
}

function describeChallenge(challenge: TwoFactorChallenge, hasHandler: boolean): string {
  switch (challenge.kind) {
    case 'phone-activation':
      return 'the portal requires SMS two-factor but the phone is not activated yet: finish at "confirmUrl" in a browser';
    case 'app-setup':
      return 'the portal requires an authenticator app that is not set up yet: add "tfaKey" to the app and finish at "confirmUrl"';
    default:
      return hasHandler
        ? `the portal requires a two-factor code (${challenge.kind})`
        : `the portal requires a two-factor code (${challenge.kind}); pass "onTwoFactor" to answer it`;
  }
}

function assertCookieValue(token: unknown): void {
  if (typeof token !== 'string' || !isCookieValue(token)) {
    throw new AuthConfigError('token', '"token" has characters a cookie value cannot carry', {
      code: 'ERR_AUTH_INVALID_HEADER',
    });
  }
}
