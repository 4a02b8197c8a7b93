import { AuthError, AuthHttpError, redactError } from '@ds/auth-core';

/** What a failed run means for the worker. */
export interface RunFailure {
  /** The error's stable code (`ERR_AUTH_*`, undici's `UND_ERR_*`, or a system code such as `ECONNREFUSED`). */
  readonly code: string;
  /** One line, safe to log: never contains the key. */
  readonly message: string;
  /** What to do about it, when there is something to do. */
  readonly hint: string | undefined;
  /** `stop`: nothing will change by asking again (401); `backoff`: wait longer (429, 5xx, network); `continue`: keep the schedule. */
  readonly action: 'stop' | 'backoff' | 'continue';
  /** The server's `Retry-After`, in ms. */
  readonly retryAfterMs: number | undefined;
}

/** The 403 hint: a key's permissions narrow what it may call (docs/docspace-behaviour.md §4.1). */
export const FORBIDDEN_HINT = 'create one with rooms:read or *:read';
/** The 401 hint: API keys have nothing to refresh (docs/docspace-behaviour.md §4.1). */
export const UNAUTHORIZED_HINT =
  'create a new key (DocSpace: Developer Tools > API keys) and set DOCSPACE_API_KEY';

/**
 * Turns what a rooms request threw into a loggable message, a hint and the worker's next move.
 * Never throws; `secrets` are removed from messages of errors it does not know.
 *
 * @example
 * ```ts
 * explainFailure(forbiddenError).message; // 'the key lacks the rooms:read permission (403)'
 * ```
 */
export function explainFailure(error: unknown, secrets: readonly string[] = []): RunFailure {
  if (AuthHttpError.isInstance(error)) {
    const base = { code: error.code, retryAfterMs: error.retryAfterMs };
    if (error.status === 401) {
      const message = 'the key is invalid, expired or revoked (401)';
      return { ...base, message, hint: UNAUTHORIZED_HINT, action: 'stop' };
    }
    if (error.status === 403) {
      const message = 'the key lacks the rooms:read permission (403)';
      return { ...base, message, hint: FORBIDDEN_HINT, action: 'continue' };
    }
    return {
      ...base,
      message: error.message,
      hint: undefined,
      action: error.retryable ? 'backoff' : 'continue',
    };
  }
  if (AuthError.isInstance(error)) {
    const action = error.retryable ? 'backoff' : 'continue';
    return { code: error.code, message: error.message, hint: undefined, action, retryAfterMs: undefined };
  }
  // undici (UND_ERR_*) and socket (ECONNRESET, ECONNREFUSED) errors: the portal may come back.
  const safe = redactError(error, secrets);
  const code = (safe as { code?: string }).code ?? 'ERR_UNKNOWN';
  return {
    code,
    message: `network error: ${safe.message}`,
    hint: undefined,
    action: 'backoff',
    retryAfterMs: undefined,
  };
}
