import { AuthResponseError, type Clock, type FetchLike, interpretResponse } from '@ds/auth-core';
import {
  isNetworkError,
  isRedirectResponse,
  isRefusedRedirect,
  networkError,
  readTextCapped,
  runWithTimeout,
  safeUrl,
  unfollowedRedirectMode,
} from '@ds/auth-core/strategy';
import { describeOAuthError, OAuthError } from './errors.js';

/** Transport settings shared by every call of one client. */
export interface FormTransport {
  fetch: FetchLike;
  timeoutMs: number;
  clock: Clock;
  /** Extra headers (e.g. `authorization` for client_secret_basic). */
  headers?: Record<string, string> | undefined;
}

const MAX_BYTES = 1024 * 1024;

/**
 * POSTs an `application/x-www-form-urlencoded` body and returns the parsed JSON (or `undefined` for an
 * empty 2xx body). An OAuth error body (`{ "error": ... }`, even with HTTP 200) becomes `OAuthError`;
 * other failures (429 with `retryAfterMs`, 5xx, an HTML page) become the core's typed errors.
 */
export async function postForm(
  transport: FormTransport,
  endpoint: string,
  params: Record<string, string | undefined>,
  what: string,
  signal?: AbortSignal,
): Promise<unknown> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) body.set(name, value);
  return runWithTimeout(transport.timeoutMs, signal, what, async (combined) => {
    let response: Response;
    try {
      response = await transport.fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          ...transport.headers,
        },
        body,
        signal: combined,
        // Never followed: a form with a code, a secret or a refresh token goes to this endpoint only.
        // 'error' where fetch refuses it recognisably (cheaper in undici), else 'manual' (Workers
        // reject 'error'); a redirect that still comes back is refused below.
        redirect: unfollowedRedirectMode(),
      });
    } catch (error) {
      if (isRefusedRedirect(error)) throw redirectRefused(what, undefined);
      // A transport failure becomes a retryable AuthError, so a refresh is retried like a 503.
      throw isNetworkError(error) ? networkError(error, what) : error;
    }
    // Browsers hide a manual redirect behind an opaque response with status 0.
    if (isRedirectResponse(response)) {
      await response.body?.cancel().catch(() => undefined);
      throw redirectRefused(what, response.status);
    }
    const text = await readTextCapped(response, MAX_BYTES);
    const empty = text.trim() === '';
    let parsed: unknown;
    if (!empty) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as { error?: unknown }).error === 'string'
    ) {
      const data = parsed as { error: string; error_description?: unknown; error_uri?: unknown };
      const description = typeof data.error_description === 'string' ? data.error_description : undefined;
      throw new OAuthError(describeOAuthError(what, data.error, description), {
        error: data.error,
        errorDescription: description,
        errorUri: typeof data.error_uri === 'string' ? data.error_uri : undefined,
        status: response.status,
      });
    }
    if (response.status < 200 || response.status >= 300) {
      // Empty 429s and 5xx pages: the core maps them (with Retry-After / X-RateLimit-Reset).
      interpretResponse({
        status: response.status,
        headers: response.headers,
        text,
        method: 'POST',
        url: safeUrl(endpoint),
        now: transport.clock.now(),
      });
    }
    if (!empty && parsed === undefined) {
      throw new AuthResponseError(`${what} sent a body that is not JSON`, {
        code: 'ERR_OAUTH_BAD_RESPONSE',
        status: response.status,
      });
    }
    return parsed;
  });
}

/** A redirect from a form endpoint, never followed: its status when the response came back (0 for a browser's opaque one). */
function redirectRefused(what: string, status: number | undefined): AuthResponseError {
  return new AuthResponseError(
    status === undefined
      ? `${what} answered with a redirect, which is never followed`
      : `${what} answered with a redirect (${status}), which is never followed`,
    { code: 'ERR_OAUTH_BAD_RESPONSE', status },
  );
}
