import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthConfigError, AuthError, AuthTimeoutError } from '@ds/auth-core';
import { optionalNumber } from '@ds/auth-core/strategy';
import { constantTimeEqual } from '../base64url.js';
import type { AuthorizationRequestOptions, OAuthClient } from '../create-oauth-client.js';
import type { AuthorizationRequest, OAuthTokens } from '../types.js';

/** Options for {@link authorizeWithLoopback}. */
export interface LoopbackOptions {
  client: OAuthClient;
  /** Opens the authorization URL (e.g. in the system browser). Without it, print `request.url` from `onRequest`. */
  openBrowser?: ((url: string) => void | Promise<void>) | undefined;
  /** Called with the authorization request before waiting, e.g. to print the URL. */
  onRequest?: ((request: AuthorizationRequest) => void) | undefined;
  /** How long to wait for the browser, in ms. Default 300 000 (5 minutes). */
  timeoutMs?: number | undefined;
  /** Stop waiting. */
  signal?: AbortSignal | undefined;
  /** The loopback address to listen on. Default `127.0.0.1` (DocSpace accepts any port there, but not on `localhost`). */
  host?: '127.0.0.1' | '::1' | undefined;
  /** Request options passed on (scopes, extra parameters, nonce). */
  request?: Omit<AuthorizationRequestOptions, 'redirectUri'> | undefined;
  /** The page shown in the browser when it worked. */
  successHtml?: string | undefined;
}

/** What {@link authorizeWithLoopback} resolves to. */
export interface LoopbackResult {
  tokens: OAuthTokens;
  request: AuthorizationRequest;
}

const PAGE = (title: string, text: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body></html>`;

/**
 * The OAuth flow for command-line apps (RFC 8252 §7.3): a one-shot HTTP server on 127.0.0.1 with an
 * ephemeral port receives the redirect, checks `state`, shows a page, closes, and exchanges the code.
 * The client's redirect URI must be a loopback IP URI such as `http://127.0.0.1/callback`; its path is
 * kept and the port replaced. Callbacks with another `state` are answered 400 and ignored, and requests
 * whose `Host` is not that loopback address and port (DNS rebinding) are answered 421 and ignored.
 *
 * Throws `AuthConfigError` for a redirect URI that is not a loopback IP, `AuthTimeoutError`
 * (`ERR_AUTH_TIMEOUT`) when the browser does not come back in time, and the errors of `handleCallback`.
 *
 * @example
 * ```ts
 * const { tokens } = await authorizeWithLoopback({ client, onRequest: (request) => console.log(`open ${request.url}`) });
 * ```
 */
export async function authorizeWithLoopback(options: LoopbackOptions): Promise<LoopbackResult> {
  const { client } = options;
  const registered = new URL(client.redirectUri);
  if (registered.protocol !== 'http:' || !/^(127\.\d+\.\d+\.\d+|\[::1\])$/.test(registered.hostname)) {
    throw new AuthConfigError(
      'client.redirectUri',
      '"redirectUri" must be a loopback IP URI such as "http://127.0.0.1/callback" (DocSpace accepts any port only on loopback IPs, not "localhost")',
    );
  }
  const timeoutMs = optionalNumber(options.timeoutMs, 'timeoutMs', 1, 3_600_000) ?? 300_000;
  const host = options.host ?? (registered.hostname === '[::1]' ? '::1' : '127.0.0.1');
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const redirect = new URL(registered.href);
  redirect.port = String(port);
  try {
    const request = await client.createAuthorizationRequest({
      ...options.request,
      redirectUri: redirect.href,
    });
    const callback = waitForCallback(server, redirect, request.state, options.successHtml);
    options.onRequest?.(request);
    await options.openBrowser?.(request.url);
    const callbackUrl = await withDeadline(callback, timeoutMs, options.signal);
    const tokens = await client.handleCallback(callbackUrl, request, { signal: options.signal });
    return { tokens, request };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function waitForCallback(
  server: ReturnType<typeof createServer>,
  redirect: URL,
  state: string,
  successHtml: string | undefined,
): Promise<string> {
  return new Promise((resolve) => {
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      // A browser sends the host it connected to. Anything but our own loopback address and port is a
      // page under another name reaching us (DNS rebinding): it gets nothing, whatever it carries.
      if (request.headers.host?.toLowerCase() !== redirect.host) {
        response
          .writeHead(421, { 'content-type': 'text/plain', connection: 'close' })
          .end('misdirected request');
        return;
      }
      const url = new URL(request.url ?? '/', redirect);
      if (request.method !== 'GET' || url.pathname !== redirect.pathname) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const received = url.searchParams.get('state') ?? '';
      if (!constantTimeEqual(received, state)) {
        response
          .writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
          .end(PAGE('Sign-in failed', 'This response does not belong to the sign-in in progress.'));
        return;
      }
      const failed = url.searchParams.has('error');
      response
        .writeHead(failed ? 400 : 200, { 'content-type': 'text/html; charset=utf-8', connection: 'close' })
        .end(
          failed
            ? PAGE('Sign-in was not completed', 'You can close this window and return to the terminal.')
            : (successHtml ?? PAGE('Signed in', 'You can close this window and return to the terminal.')),
        );
      resolve(url.href);
    });
  });
}

function withDeadline<T>(
  promise: Promise<T>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new AuthTimeoutError(`no browser came back to the loopback redirect within ${timeoutMs} ms`, {
            timeoutMs,
          }),
        ),
      timeoutMs,
    );
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason ?? new AuthError('ERR_AUTH_ABORTED', 'the sign-in was aborted'));
    };
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then((value) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    }, reject);
  });
}
