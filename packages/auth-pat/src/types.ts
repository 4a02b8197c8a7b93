import type { Clock, FetchLike, RefreshWindowOptions, TokenEvent, TokenStore } from '@ds/auth-core';

/** What a personal-access-token login keeps: the token, never the password. */
export interface PersonalToken {
  /** The opaque token (`asc_auth_key`). It may contain `+`, `/` and `=`. */
  token: string;
  /** When the portal said it expires, in epoch ms; absent for session logins and "no expiry". */
  expiresAt?: number | undefined;
  /** When this process received it, in epoch ms. */
  issuedAt: number;
  /** The portal origin the token belongs to; a stored token for another portal is never used. */
  portal: string;
}

/** The user name and password for one login. */
export interface PasswordCredentials {
  userName: string;
  password: string;
}

/** Which second factor the portal asks for (docs/docspace-behaviour.md §3.1). */
export type TwoFactorKind = 'sms' | 'app' | 'app-setup' | 'phone-activation';

/** The portal's two-factor challenge: what to ask the user for. */
export interface TwoFactorChallenge {
  /** `app`: a code from the authenticator app (or a backup code); `sms`: the code sent by SMS. */
  readonly kind: TwoFactorKind;
  /** The masked phone number the SMS went to, e.g. `+1***1234`. */
  readonly phoneNoise?: string | undefined;
  /** For `app-setup`: the key to enter in an authenticator app. */
  readonly tfaKey?: string | undefined;
  /** The portal page that finishes this step in a browser. */
  readonly confirmUrl?: string | undefined;
  /** When the SMS code expires, in epoch ms. */
  readonly expiresAt?: number | undefined;
}

/** What `onTwoFactor` gets besides the challenge. */
export interface TwoFactorContext {
  /** Aborts when the login is abandoned. */
  readonly signal: AbortSignal;
  /** How many codes were already rejected in this login (0 for the first prompt). */
  readonly attempt: number;
}

/** Options for {@link createPersonalTokenAuth}. */
export interface PersonalTokenAuthOptions {
  /** The portal URL, e.g. `https://portal.example.com`. */
  baseUrl: string | URL;
  /** The e-mail (or login) to log in with. Give this and `password`, or `credentials`. */
  userName?: string | undefined;
  /** The password. Kept redacted in memory; never stored. */
  password?: string | undefined;
  /** Asked for the user name and password at each login, so the app need not hold the password. */
  credentials?: ((context: { signal: AbortSignal }) => Promise<PasswordCredentials>) | undefined;
  /** Asked for a two-factor code when the portal wants one. Without it a `TwoFactorRequiredError` is thrown. */
  onTwoFactor?: ((challenge: TwoFactorChallenge, context: TwoFactorContext) => Promise<string>) | undefined;
  /** Where the token persists across processes and restarts (e.g. the file store of `@ds/auth-core/node`). */
  store?: TokenStore<PersonalToken> | undefined;
  /** The store key. Default: `pat:<portal origin>:<userName>` (required with `credentials`). */
  key?: string | undefined;
  /** Log in as a browser session (`session: true`): the token has no expiry date and ends with the session. */
  session?: boolean | undefined;
  /** The fetch to use. Default `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  /** Timeout of each HTTP request in ms. Default 30 000. */
  timeoutMs?: number | undefined;
  /** Allow an `http:` portal that is not on loopback. */
  allowInsecureHttp?: boolean | undefined;
  /** The time source. */
  clock?: Clock | undefined;
  /** How early to log in again before the token expires. Default: 10 % of its lifetime, 10 s to 5 min. */
  refreshWindow?: RefreshWindowOptions | undefined;
  /** Called for every change of the token (login, reuse from the store, logout). */
  onTokens?: ((event: TokenEvent<PersonalToken>) => void) | undefined;
}
