import { abortable } from './clock.js';
import { AuthError, AuthTimeoutError } from './errors.js';
import type { ManagedToken, ObtainContext, TokenManagerOptions } from './token-manager-types.js';

/**
 * One call of a token manager's `obtain`, with a signal of its own that aborts after `timeoutMs` (never
 * a caller's: callers may give up, the attempt goes on), and its answer checked. Rejects with
 * `AuthTimeoutError` when the time runs out, `ERR_AUTH_BAD_TOKEN` for an answer that is no token set,
 * and otherwise with what `obtain` threw.
 */
export async function attemptObtain<T extends ManagedToken>(
  obtain: TokenManagerOptions<T>['obtain'],
  context: Omit<ObtainContext<T>, 'signal'>,
  timeoutMs: number,
): Promise<T> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    return validateToken(await abortable(obtain({ ...context, signal }), signal));
  } catch (error) {
    if (signal.aborted && !AuthError.isInstance(error)) {
      throw new AuthTimeoutError(`getting a token took longer than ${timeoutMs} ms`, { timeoutMs });
    }
    throw error;
  }
}

/** Throws `ERR_AUTH_BAD_TOKEN` unless `token` is a token set with a usable `expiresAt` (or none). */
export function validateToken<T>(token: unknown): T {
  if (typeof token !== 'object' || token === null) {
    throw new AuthError('ERR_AUTH_BAD_TOKEN', 'the token source returned no token set');
  }
  const expiresAt = (token as ManagedToken).expiresAt;
  if (expiresAt !== undefined && (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt))) {
    throw new AuthError(
      'ERR_AUTH_BAD_TOKEN',
      'the token source returned a token set with an invalid "expiresAt"',
    );
  }
  return token as T;
}
