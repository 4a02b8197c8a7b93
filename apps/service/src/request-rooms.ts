import { AuthResponseError, interpretResponse, resolveUrl } from '@ds/auth-core';
import { type Dispatcher, request } from 'undici';
import { parseRooms, type RoomsPage } from './parse-rooms.js';

/** What {@link requestRooms} needs besides the dispatcher. */
export interface RequestRoomsOptions {
  /** The portal URL (a path prefix is kept). */
  readonly baseUrl: URL;
  /** Stops the request. */
  readonly signal?: AbortSignal | undefined;
  /** The current time in epoch ms, used to read an HTTP-date `Retry-After`. */
  readonly now: () => number;
  /** Bodies larger than this are refused (`ERR_AUTH_RESPONSE_TOO_LARGE`). */
  readonly maxResponseBytes: number;
}

/**
 * Calls `GET /api/2.0/files/rooms` with `undici.request` on `dispatcher` (which adds the
 * credentials) and unwraps the DocSpace envelope.
 *
 * Rejects with `AuthHttpError` for an HTTP or envelope failure (`ERR_AUTH_UNAUTHORIZED`,
 * `ERR_AUTH_FORBIDDEN`, `ERR_AUTH_RATE_LIMITED` with `retryAfterMs`, `ERR_AUTH_SERVER_ERROR`, ...),
 * `AuthResponseError` for a body it cannot read, or undici's own error for a network failure.
 *
 * @example
 * ```ts
 * const page = await requestRooms(dispatcher, { baseUrl: new URL(url), now: Date.now, maxResponseBytes: 1e6 });
 * ```
 */
export async function requestRooms(dispatcher: Dispatcher, options: RequestRoomsOptions): Promise<RoomsPage> {
  const url = resolveUrl(options.baseUrl, '/api/2.0/files/rooms');
  const response = await request(url, {
    method: 'GET',
    dispatcher,
    headers: { accept: 'application/json' },
    signal: options.signal,
  });
  const text = await readCapped(response.body, options.maxResponseBytes, response.statusCode);
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  const result = interpretResponse<unknown>({
    status: response.statusCode,
    headers,
    text,
    method: 'GET',
    url: `${url.origin}${url.pathname}`,
    now: options.now(),
  });
  return parseRooms(result.response);
}

async function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number, status: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new AuthResponseError(`GET /api/2.0/files/rooms: the response is larger than ${maxBytes} bytes`, {
        status,
        code: 'ERR_AUTH_RESPONSE_TOO_LARGE',
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
