import { AuthError, redactError } from '@ds/auth-core';
import type { RedisScriptClient } from './redis-client.js';

/**
 * Runs one script and turns a client failure into `ERR_AUTH_STORE_UNAVAILABLE` (retryable). The
 * cause keeps the client error's name, code and message with `secrets` blanked out, and drops the
 * rest (ioredis attaches the command and its arguments, which may hold a token, to its errors).
 */
export async function runScript(
  client: RedisScriptClient,
  action: string,
  key: string,
  script: string,
  keys: string[],
  args: string[],
  secrets: readonly string[] = [],
): Promise<unknown> {
  try {
    return await client.eval(script, keys, args);
  } catch (error) {
    throw new AuthError(
      'ERR_AUTH_STORE_UNAVAILABLE',
      `the redis token store could not ${action} key "${key}"`,
      {
        cause: redactError(error, secrets),
        retryable: true,
      },
    );
  }
}

/** The error for a reply of a shape the scripts never produce (a misbehaving client adapter). */
export function badReply(action: string, key: string): AuthError {
  return new AuthError(
    'ERR_AUTH_STORE_BAD_REPLY',
    `the redis client gave an unexpected reply to ${action} key "${key}"`,
  );
}
