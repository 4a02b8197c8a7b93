import type { FetchLike } from '@ds/auth-core';
import { type Dispatcher, request } from 'undici';

/** What one burst of concurrent requests measured. */
export interface BatchSample {
  /** Per request, from the burst's start to the end of its response body, in ms. */
  latencies: number[];
  failures: number;
  /** Token-endpoint requests the server counted during the burst. */
  tokenRequests: number;
}

/** Sends one request and returns its HTTP status. */
export type Send = () => Promise<number>;

/** `undici.request` through an authenticating dispatcher (`createAuthDispatcher`). */
export function requestSender(dispatcher: Dispatcher, url: string): Send {
  return async () => {
    const { statusCode, body } = await request(url, { dispatcher });
    await body.dump();
    return statusCode;
  };
}

/** A fetch wrapped by withAuth. */
export function fetchSender(fetch: FetchLike, url: string): Send {
  return async () => {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status;
  };
}

/** Starts `count` requests at once and waits for all of them. */
export async function burst(count: number, send: Send, tokenRequests: () => number): Promise<BatchSample> {
  const before = tokenRequests();
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, async () => {
      try {
        if ((await send()) !== 200) failures += 1;
      } catch {
        failures += 1;
      }
      latencies.push(performance.now() - started);
    }),
  );
  return { latencies, failures, tokenRequests: tokenRequests() - before };
}
