import type { ServerResponse } from 'node:http';
import { STYLESHEET } from './html.js';
import type { Page } from './pages.js';

/** Sent with every response: nothing is cached, framed, sniffed, or leaked through the Referer. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer', // the callback URL carries the code and state
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/**
 * Sends an HTML page with the security headers (and a `Set-Cookie` when given).
 *
 * @example
 * ```ts
 * sendPage(response, homePage({ portal }));
 * ```
 */
export function sendPage(response: ServerResponse, page: Page, cookie?: string): void {
  response.writeHead(page.status, {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    ...(cookie === undefined ? {} : { 'set-cookie': cookie }),
  });
  response.end(page.body);
}

/**
 * Sends a `303 See Other` (the browser follows with a GET) with the security headers.
 *
 * @example
 * ```ts
 * sendRedirect(response, '/profile', 'sid=...; Path=/; HttpOnly; SameSite=Lax');
 * ```
 */
export function sendRedirect(response: ServerResponse, location: string, cookie?: string): void {
  response.writeHead(303, {
    ...SECURITY_HEADERS,
    location,
    ...(cookie === undefined ? {} : { 'set-cookie': cookie }),
  });
  response.end();
}

/**
 * Sends the stylesheet (`/app.css`).
 *
 * @example
 * ```ts
 * sendStylesheet(response);
 * ```
 */
export function sendStylesheet(response: ServerResponse): void {
  response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/css; charset=utf-8' });
  response.end(STYLESHEET);
}
