import { AuthConfigError, type AuthStrategy, Secret } from '@ds/auth-core';
import { createStaticStrategy, requireOptions } from '@ds/auth-core/strategy';
import { encodeBasicCredentials } from './encode-basic-credentials.js';

/** Options for {@link createBasicAuth}. */
export interface BasicAuthOptions {
  /** The DocSpace user's e-mail address (DocSpace looks Basic users up by e-mail, not login name). */
  email: string;
  /** The user's local DocSpace password. */
  password: string | Secret;
  /** Silence the once-per-process warning under `NODE_ENV=production`. */
  acknowledgeInsecure?: boolean;
  /** Where the production warning goes. Defaults to `console.warn`. */
  warn?: (message: string) => void;
}

const WARNED: symbol = Symbol.for('@ds/auth-basic.productionWarning');
const WARNING =
  '@ds/auth-basic: Basic auth sends the password with every request, skips 2FA and costs the portal a ' +
  'password hash per call; DocSpace documents it for testing only. Use an API key or OAuth in production, ' +
  'or pass "acknowledgeInsecure: true".';

/** `NODE_ENV` where the runtime has one; Deno without `--allow-env` throws on the read, so that is "unset". */
function nodeEnv(): string | undefined {
  try {
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NODE_ENV;
  } catch {
    return undefined;
  }
}

function warnInProduction(options: BasicAuthOptions): void {
  const registry = globalThis as Record<symbol, unknown>;
  if (options.acknowledgeInsecure === true || registry[WARNED] || nodeEnv() !== 'production') return;
  registry[WARNED] = true; // on globalThis, so two installed copies still warn once per process
  (options.warn ?? console.warn)(WARNING);
}

/**
 * Creates a strategy that sends `Authorization: Basic base64(utf8(email:password))` on every request.
 *
 * Throws `AuthConfigError` (`ERR_AUTH_INVALID_OPTION`) naming `email` or `password` when one is empty,
 * not well-formed, contains a control character, or the e-mail contains `:`. Under
 * `NODE_ENV=production` it warns once per process unless `acknowledgeInsecure` is set.
 *
 * @example
 * ```ts
 * const auth = createBasicAuth({ email: 'jane@example.com', password });
 * const client = createDocSpaceClient({ baseUrl: 'https://portal.example.com', auth });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7617 and docs/docspace-behaviour.md §7
 */
export function createBasicAuth(options: BasicAuthOptions): AuthStrategy {
  requireOptions(options, 'options');
  if (options.warn !== undefined && typeof options.warn !== 'function') {
    throw new AuthConfigError('warn', '"warn" must be a function');
  }
  const password = options.password instanceof Secret ? options.password.reveal() : options.password;
  const headers = { authorization: `Basic ${encodeBasicCredentials(options.email, password)}` };
  warnInProduction(options);
  return createStaticStrategy({ kind: 'basic', label: 'BasicAuth', scheme: 'Basic', headers });
}
