import { AuthError } from '@ds/auth-core';
import { EXIT } from './io.js';

/** A failure as the CLI reports it: one line with the code, a hint, and the exit code. */
export interface Failure {
  line: string;
  exitCode: number;
}

const HINTS: Record<string, [string, number]> = {
  ERR_AUTH_UNAUTHORIZED: ['the credentials were rejected: run `ds-auth login` again', EXIT.unauthorized],
  ERR_AUTH_UNAVAILABLE: ['you are not signed in: run `ds-auth login`', EXIT.unauthorized],
  ERR_AUTH_NO_STRATEGY: [
    'you are not signed in: run `ds-auth login`, or set DOCSPACE_API_KEY',
    EXIT.unauthorized,
  ],
  ERR_OAUTH_REAUTH_REQUIRED: ['the sign-in expired: run `ds-auth login` again', EXIT.unauthorized],
  ERR_PAT_INVALID_CREDENTIALS: [
    'check the e-mail and password (five failures lock the account for a minute)',
    EXIT.unauthorized,
  ],
  ERR_PAT_INVALID_TWO_FACTOR_CODE: [
    'use the current code from the authenticator app, or a backup code',
    EXIT.unauthorized,
  ],
  ERR_PAT_TWO_FACTOR_REQUIRED: [
    'answer the two-factor prompt, or finish the setup in a browser first',
    EXIT.unauthorized,
  ],
  ERR_PAT_LOCKED_OUT: ['too many failed logins: wait a minute and try again', EXIT.forbidden],
  ERR_PAT_USER_DISABLED: ['ask a portal administrator to enable the account', EXIT.forbidden],
  ERR_AUTH_FORBIDDEN: ['the credentials lack a permission or scope for this call', EXIT.forbidden],
  ERR_OAUTH_ACCESS_DENIED: ['the sign-in was not allowed on the consent page', EXIT.unauthorized],
  ERR_AUTH_TIMEOUT: ['the portal did not answer in time: check the URL and the network', EXIT.failed],
  ERR_AUTH_INSECURE_URL: ['use an https URL (plain http only for 127.0.0.1 or localhost)', EXIT.usage],
  ERR_AUTH_INVALID_OPTION: ['check the flags and environment variables', EXIT.usage],
  ERR_AUTH_STORE_INSECURE: [
    'keep the session directory yours and private (chmod 700), or set DS_AUTH_HOME to one that is',
    EXIT.failed,
  ],
  ERR_CLI_USAGE: ['see `ds-auth <command> --help`', EXIT.usage],
  ERR_CLI_NO_PORTAL: ['pass --url, set DOCSPACE_URL, or run `ds-auth login --url <portal>`', EXIT.usage],
  ERR_CLI_NO_INPUT: ['answer the prompt, or pass the value through the environment', EXIT.usage],
};

/** Turns any error into one clear line (`error [CODE]: message (hint: ...)`) and an exit code; never a stack. */
export function describeFailure(error: unknown): Failure {
  if (!AuthError.isInstance(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { line: `error: ${message}`, exitCode: EXIT.failed };
  }
  const [hint, exitCode] = HINTS[error.code] ?? [
    '',
    error.code.startsWith('ERR_AUTH_INVALID') ? EXIT.usage : EXIT.failed,
  ];
  return { line: `error [${error.code}]: ${error.message}${hint ? ` (hint: ${hint})` : ''}`, exitCode };
}

/** A usage error: `ERR_CLI_USAGE`, exit code 2. */
export function usageError(message: string): AuthError {
  return new AuthError('ERR_CLI_USAGE', message);
}
