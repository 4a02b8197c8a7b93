import { createRequire } from 'node:module';
import { AuthConfigError, type FetchLike } from '@ds/auth-core';
import type { Interceptable, MockAgent } from 'undici';
import { afterEach, beforeEach } from 'vitest';

type Undici = typeof import('undici');

// undici is an optional peer: loaded when a mock portal is made, so the rest of this subpath
// (the loopback server, the README runner) works without it.
function loadUndici(): Undici {
  try {
    return createRequire(import.meta.url)('undici') as Undici;
  } catch (error) {
    throw new AuthConfigError(
      'undici',
      'createMockPortal needs "undici" 7, an optional peer of @ds/auth-testing: npm install --save-dev undici@7',
      { cause: error },
    );
  }
}

/** A mocked DocSpace portal: an undici `MockAgent` that refuses real connections, and a fetch bound to it. */
export interface MockPortal {
  /** The portal origin, `https://portal.example.com` unless you chose another. */
  readonly origin: string;
  /** The agent; use it for `agent.get(otherOrigin)` when a test involves a second origin. */
  readonly agent: MockAgent;
  /** The interceptable pool of {@link MockPortal.origin}: `portal.pool.intercept({ path }).reply(200, body)`. */
  readonly pool: Interceptable;
  /** A WHATWG fetch that goes through the agent (undici's own fetch; Node's global fetch is another undici). */
  readonly fetch: FetchLike;
  /** Throws if an interceptor was set up but never used. */
  assertNoPendingInterceptors(): void;
  /** Closes the agent. */
  close(): Promise<void>;
}

/** What {@link createMockPortal} takes. */
export interface MockPortalOptions {
  /** The origin to mock. Defaults to `https://portal.example.com`. */
  origin?: string;
}

// A Request made by another fetch implementation (Node's global one) is not an instance of undici 7's
// Request, which would then read it as a URL string; copy it into a URL and init instead. The body is
// read up front, as text when it is UTF-8, so interceptors can match it (they cannot match a stream).
async function toUndiciArguments(
  input: string | URL | Request,
  init?: RequestInit,
): Promise<[string | URL, RequestInit]> {
  if (typeof input === 'string' || input instanceof URL) return [input, init ?? {}];
  const copied: RequestInit = {
    method: input.method,
    headers: input.headers,
    signal: input.signal,
    redirect: input.redirect,
  };
  if (input.body) {
    const bytes = new Uint8Array(await input.clone().arrayBuffer());
    try {
      copied.body = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      copied.body = bytes;
    }
  }
  return [input.url, { ...copied, ...init }];
}

/**
 * Creates a {@link MockPortal} with `disableNetConnect()`, so a test can never reach the network by
 * accident. Node-only (undici 7).
 *
 * @example
 * ```ts
 * const portal = createMockPortal();
 * portal.pool.intercept({ path: '/api/2.0/people/@self' }).reply(200, docSpaceEnvelope({ id: 'u1' }));
 * const client = createDocSpaceClient({ baseUrl: portal.origin, auth, fetch: portal.fetch });
 * ```
 */
export function createMockPortal(options: MockPortalOptions = {}): MockPortal {
  const origin = new URL(options.origin ?? 'https://portal.example.com').origin;
  const { MockAgent, fetch: undiciFetch } = loadUndici();
  const agent = new MockAgent();
  agent.disableNetConnect();
  const fetch: FetchLike = async (input, init) => {
    const [url, copied] = await toUndiciArguments(input, init);
    const response = await undiciFetch(url, {
      ...(copied as Parameters<typeof undiciFetch>[1]),
      dispatcher: agent,
    });
    return response as unknown as Response;
  };
  return {
    origin,
    agent,
    pool: agent.get(origin),
    fetch,
    assertNoPendingInterceptors: () => agent.assertNoPendingInterceptors(),
    close: () => agent.close(),
  };
}

/**
 * Registers vitest hooks that give each test a fresh {@link MockPortal}, assert after each test that
 * every interceptor was used, and close it. Returns a getter for the current test's portal.
 *
 * @example
 * ```ts
 * const portal = useMockPortal();
 * it('sends the key', async () => { portal().pool.intercept({ path: '/api/2.0/keys/@self' }).reply(200, body); });
 * ```
 */
export function useMockPortal(options: MockPortalOptions = {}): () => MockPortal {
  let current: MockPortal | undefined;
  beforeEach(() => {
    current = createMockPortal(options);
  });
  afterEach(async () => {
    const portal = current;
    current = undefined;
    try {
      portal?.assertNoPendingInterceptors();
    } finally {
      await portal?.close();
    }
  });
  return () => {
    if (!current) throw new Error('useMockPortal(): the portal exists only inside a test');
    return current;
  };
}
