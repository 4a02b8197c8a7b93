import { AuthResponseError, type Clock, type FetchLike, interpretResponse } from '@ds/auth-core';
import {
  isNetworkError,
  networkError,
  readTextCapped,
  runWithTimeout,
  safeUrl,
} from '@ds/auth-core/strategy';

/** Transport settings shared by the GET requests of one client. */
export interface JsonTransport {
  fetch: FetchLike;
  timeoutMs: number;
  clock: Clock;
}

const MAX_BYTES = 1024 * 1024;

/**
 * GETs `url` and returns the parsed JSON. A transport failure becomes `ERR_AUTH_NETWORK` (retryable, the
 * cause's code in the message). Non-2xx answers become the core's typed errors (401, 403,
 * 429 with `retryAfterMs`, 5xx); a 2xx body that is not JSON becomes `AuthResponseError` with `code`.
 */
export async function getJson(
  transport: JsonTransport,
  url: string,
  what: string,
  code: string,
  signal: AbortSignal | undefined,
  headers: Record<string, string> = {},
): Promise<unknown> {
  return runWithTimeout(transport.timeoutMs, signal, what, async (combined) => {
    const response = await transport
      .fetch(url, {
        method: 'GET',
        headers: { accept: 'application/json', ...headers },
        signal: combined,
      })
      .catch((error: unknown) => {
        // A transport failure becomes ERR_AUTH_NETWORK naming its cause (ECONNREFUSED, a TLS code), retryable.
        throw isNetworkError(error) ? networkError(error, what) : error;
      });
    const text = await readTextCapped(response, MAX_BYTES);
    if (response.status < 200 || response.status >= 300) {
      interpretResponse({
        status: response.status,
        headers: response.headers,
        text,
        method: 'GET',
        url: safeUrl(url),
        now: transport.clock.now(),
      });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new AuthResponseError(`${what} sent a body that is not JSON`, { code, status: response.status });
    }
  });
}
