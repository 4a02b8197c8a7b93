import { AuthError } from '@ds/auth-core';
import { EXIT } from './io.js';

/** A failure as the CLI reports it: a stable code, a message, a hint, and the exit code. */
export interface Failure {
  code: string;
  message: string;
  /** What to do about it; `null` when there is nothing useful to say. */
  hint: string | null;
  exitCode: number;
  /** The one line printed without `--json`: `error [CODE]: message (hint: ...)`. */
  line: string;
}

/** An error of the CLI itself, with its own hint and exit code. */
export class CliError extends AuthError {
  declare readonly hint: string | undefined;
  declare readonly exitCode: number | undefined;
  /** Printed after the error line without `--json` (a command's usage). */
  declare readonly usage: string | undefined;

  constructor(
    code: string,
    message: string,
    options: { hint?: string | undefined; exitCode?: number; usage?: string; cause?: unknown } = {},
  ) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.hint = options.hint;
    this.exitCode = options.exitCode;
    this.usage = options.usage;
    this.name = 'CliError';
  }
}

const NOT_SIGNED_IN_HINT = 'run `ds-auth login`, or set DOCSPACE_API_KEY';

const HINTS: Record<string, [string, number]> = {
  ERR_AUTH_UNAUTHORIZED: ['the credentials were rejected: run `ds-auth login` again', EXIT.unauthorized],
  ERR_AUTH_UNAVAILABLE: ['you are not signed in: run `ds-auth login`', EXIT.unauthorized],
  ERR_AUTH_NO_STRATEGY: [`you are not signed in: ${NOT_SIGNED_IN_HINT}`, EXIT.unauthorized],
  ERR_CLI_NOT_SIGNED_IN: [NOT_SIGNED_IN_HINT, EXIT.unauthorized],
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
  ERR_AUTH_NOT_FOUND: ['check the id: it is not there, or not yours', EXIT.failed],
  ERR_OAUTH_ACCESS_DENIED: ['the sign-in was not allowed on the consent page', EXIT.unauthorized],
  ERR_OAUTH_INVALID_CLIENT: [
    'check --client-id (and DOCSPACE_CLIENT_SECRET for a confidential app): `ds-auth apps list` shows the apps',
    EXIT.unauthorized,
  ],
  ERR_AUTH_TIMEOUT: ['the portal did not answer in time: check the URL and the network', EXIT.failed],
  ERR_AUTH_RATE_LIMITED: ['the portal limits requests: wait a minute and try again', EXIT.failed],
  ERR_AUTH_INSECURE_URL: [
    'use an https URL; plain http only for 127.0.0.1 or localhost, or pass --allow-insecure-http if you accept that passwords and tokens cross the network unencrypted',
    EXIT.usage,
  ],
  ERR_AUTH_INVALID_OPTION: ['check the flags and environment variables', EXIT.usage],
  ERR_AUTH_STORE_INSECURE: [
    'keep the session directory yours and private (chmod 700), or set DS_AUTH_HOME to one that is',
    EXIT.failed,
  ],
  ERR_CLI_USAGE: ['see `ds-auth <command> --help`', EXIT.usage],
  ERR_CLI_NO_PORTAL: ['pass --portal, set DOCSPACE_URL, or run `ds-auth login --portal <url>`', EXIT.usage],
  ERR_CLI_UNKNOWN_PROFILE: ['`ds-auth status` lists the profiles', EXIT.usage],
  ERR_CLI_NO_INPUT: ['answer the prompt, or pass the value through a flag or the environment', EXIT.usage],
  ERR_CLI_WRONG_ACCOUNT: [
    'sign in with the account you named in --user, or leave --user out',
    EXIT.unauthorized,
  ],
  ERR_CLI_NO_TOKEN: ['sign in with a method that has a token (pat, apikey, oauth or oidc)', EXIT.usage],
  ERR_CLI_CANCELLED: ['', EXIT.failed],
  ERR_CLI_KEYCHAIN_UNAVAILABLE: [
    'unlock the OS keychain (on Linux: a Secret Service such as gnome-keyring on the D-Bus session bus), or sign in again with --insecure-storage',
    EXIT.failed,
  ],
};

/** TLS failures as Node and undici name them. */
const TLS_CODES =
  /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH|UNABLE_TO_VERIFY_LEAF_SIGNATURE)/;
/** Failures to reach the host at all. */
const UNREACHABLE_CODES =
  /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET|EPIPE|UND_ERR_CONNECT_TIMEOUT|UND_ERR_SOCKET|UND_ERR_CLOSED)$/;
const WORDS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS)',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ECONNRESET: 'the connection was reset',
  'fetch failed': 'no connection',
};

/** The codes and messages along an error's `cause` chain (and an `AggregateError`'s errors). */
function causeChain(error: unknown): Array<{ code: string | undefined; message: string }> {
  const found: Array<{ code: string | undefined; message: string }> = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > 8) return;
    seen.add(value);
    const code = (value as { code?: unknown }).code;
    const message = (value as { message?: unknown }).message;
    found.push({
      code: typeof code === 'string' ? code : undefined,
      message: typeof message === 'string' ? message : '',
    });
    visit((value as { cause?: unknown }).cause, depth + 1);
    const errors = (value as { errors?: unknown }).errors;
    if (Array.isArray(errors)) for (const inner of errors) visit(inner, depth + 1);
  };
  visit(error, 0);
  return found;
}

/**
 * What went wrong on the way to the portal, when it was the transport: the host could not be reached,
 * or its TLS certificate was not accepted. Looks at the codes of the cause chain and at the detail
 * `@ds/auth-core` puts after "failed: " in `ERR_AUTH_NETWORK` messages.
 */
export function diagnoseTransport(
  error: unknown,
): { kind: 'tls' | 'unreachable'; detail: string } | undefined {
  const chain = causeChain(error);
  const codes: string[] = [];
  for (const { code, message } of chain) {
    if (code) codes.push(code);
    const detail = /failed: ([A-Z][A-Z0-9_]+)\b/.exec(message)?.[1];
    if (detail) codes.push(detail);
  }
  const tls = codes.find((code) => TLS_CODES.test(code));
  if (tls) return { kind: 'tls', detail: tls };
  if (chain.some(({ message }) => /certificate/i.test(message)))
    return { kind: 'tls', detail: 'certificate' };
  const unreachable = codes.find((code) => UNREACHABLE_CODES.test(code));
  if (unreachable) return { kind: 'unreachable', detail: unreachable };
  const isTransport =
    codes.includes('ERR_AUTH_NETWORK') ||
    chain.some(({ message }) => message === 'fetch failed' || /failed: fetch failed$/.test(message));
  return isTransport ? { kind: 'unreachable', detail: 'fetch failed' } : undefined;
}

function transportHint(diagnosis: { kind: 'tls' | 'unreachable'; detail: string }): string {
  if (diagnosis.kind === 'tls')
    return `the portal's TLS certificate was not accepted (${diagnosis.detail}): check the portal URL; for a portal whose certificate comes from a private CA, set NODE_EXTRA_CA_CERTS to that CA's certificate file`;
  const words = WORDS[diagnosis.detail];
  return `the portal could not be reached${words ? ` (${words})` : ''}: check the portal URL (--portal or DOCSPACE_URL), that the portal is up, and the network or proxy`;
}

/**
 * Turns any error into a code, a message, a hint and an exit code; never a stack. Messages of the
 * libraries that name a library option are said in the CLI's own words (its flags).
 */
export function describeFailure(error: unknown): Failure {
  let code: string;
  let message: string;
  let hint: string | undefined;
  let exitCode: number;
  if (AuthError.isInstance(error)) {
    code = error.code;
    message = error.message;
    const known = HINTS[code];
    hint = known?.[0];
    exitCode = known?.[1] ?? (code.startsWith('ERR_AUTH_INVALID') ? EXIT.usage : EXIT.failed);
    if (error instanceof CliError) {
      if (error.hint !== undefined) hint = error.hint;
      if (error.exitCode !== undefined) exitCode = error.exitCode;
    }
    if (code === 'ERR_AUTH_INSECURE_URL')
      message = message.replace(/"allowInsecureHttp: true"/g, '--allow-insecure-http');
  } else {
    const raw = error instanceof Error ? error.message : String(error);
    code = diagnoseTransport(error) ? 'ERR_CLI_NETWORK' : 'ERR_CLI_FAILED';
    message = raw;
    exitCode = EXIT.failed;
  }
  const transport = diagnoseTransport(error);
  if (transport && code !== 'ERR_AUTH_TIMEOUT') {
    hint = transportHint(transport);
    message = message.replace(
      /: fetch failed$/,
      `: ${transport.kind === 'tls' ? transport.detail : (WORDS[transport.detail] ?? transport.detail)}`,
    );
    if (message === 'fetch failed') message = 'the request to the portal failed';
  }
  const finalHint = hint ? hint : null;
  return {
    code,
    message,
    hint: finalHint,
    exitCode,
    line: `error [${code}]: ${message}${finalHint ? ` (hint: ${finalHint})` : ''}`,
  };
}

/** A usage error: `ERR_CLI_USAGE`, exit code 2, optionally with the command's usage to print. */
export function usageError(message: string, usage?: string): CliError {
  return new CliError('ERR_CLI_USAGE', message, usage === undefined ? {} : { usage });
}

/** "Not signed in": `ERR_CLI_NOT_SIGNED_IN`, exit code 3. */
export function notSignedIn(message = 'not signed in'): CliError {
  return new CliError('ERR_CLI_NOT_SIGNED_IN', message);
}
