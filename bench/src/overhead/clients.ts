import { type AuthStrategy, withAuth } from '@ds/auth-core';
import { createAuthDispatcher, createAuthInterceptor } from '@ds/auth-core/undici';
import { createApiKeyAuth } from '@ds/auth-apikey';
import { createBasicAuth } from '@ds/auth-basic';
import { createPersonalTokenAuth } from '@ds/auth-pat';
import { type Agent, Dispatcher, fetch as undiciFetch, request } from 'undici';

/**
 * The strategies whose cached path is measured, `raw` for no authentication at all, `raw again` the
 * very same raw request measured as if it were another variant (an A/A control: how far apart two
 * identical variants land in this run, the resolution of every other ratio), `passthrough`
 * for the same undici plumbing without auth (a dispatcher that only forwards, or the Agent composed
 * with an interceptor that only forwards: what `compose()` itself costs), and each strategy's
 * headers written by hand into the call (`request(url, { headers })` on the Agent,
 * `fetch(url, { headers })`), what the dispatcher and withAuth are compared with.
 */
export const VARIANTS = [
  'raw',
  'raw again',
  'passthrough',
  'basic',
  'apikey',
  'pat',
  'basic by hand',
  'apikey by hand',
  'pat by hand',
] as const;
/** A variant name. */
export type Variant = (typeof VARIANTS)[number];
/**
 * The ways of sending: `undici.request` through `createAuthDispatcher` and through the interceptor in
 * `Agent.compose()`, `undici.fetch` through withAuth.
 */
export const TRANSPORTS = ['request+dispatcher', 'request+interceptor', 'fetch+withAuth'] as const;
/** A transport name. */
export type Transport = (typeof TRANSPORTS)[number];

/** The variants that authenticate. */
export type Strategy = 'basic' | 'apikey' | 'pat';
/** The strategies, in table order. */
export const STRATEGIES: readonly Strategy[] = ['basic', 'apikey', 'pat'];

/** The variants each transport runs: the interceptor has no hand-written twins, fetch no pass-through. */
export const TRANSPORT_VARIANTS: Record<Transport, readonly Variant[]> = {
  'request+dispatcher': VARIANTS,
  'request+interceptor': ['raw', 'raw again', 'passthrough', 'basic', 'apikey', 'pat'],
  'fetch+withAuth': VARIANTS.filter((variant) => variant !== 'passthrough'),
};

/**
 * What a strategy is compared with in view (b): the same request with its headers written by hand
 * (the dispatcher, withAuth), or for the interceptor `compose()` with a pass-through interceptor (so
 * what `compose()` itself costs is left out).
 */
export function ownBaseline(transport: Transport, strategy: Strategy): Variant {
  return transport === 'request+interceptor' ? 'passthrough' : `${strategy} by hand`;
}

/**
 * The headers of view (d): what an application usually sends of its own, in the case people write
 * them. The auth layer must merge its credentials into them.
 */
export const CALLER_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  Accept: 'application/json',
  'X-Request-Id': 'bench-0001',
});

/** One request, returning the scheme the server saw (to prove credentials were sent). */
export type Sender = () => Promise<string>;

interface Envelope {
  response: { scheme: string };
}

/** Creates each strategy and makes it authenticate once, so only the cached path is measured. */
export async function createStrategies(baseUrl: string): Promise<Record<Strategy, AuthStrategy>> {
  const strategies = {
    basic: createBasicAuth({
      email: 'bench@docspace.test',
      password: 'Bench-pass-1',
      acknowledgeInsecure: true,
    }),
    apikey: createApiKeyAuth({ apiKey: `sk-${'ab12'.repeat(16)}` }),
    pat: createPersonalTokenAuth({ baseUrl, userName: 'bench@docspace.test', password: 'Bench-pass-1' }),
  };
  for (const strategy of Object.values(strategies)) await strategy.authenticate();
  return strategies;
}

/**
 * Builds one sender per transport and variant over a single shared `Agent` (one connection pool,
 * so raw and authenticated requests use the same client). With `callerHeaders` every request sends
 * a new copy of them (view d), the hand-written variants with the strategy's headers added.
 */
export function createSenders(
  agent: Agent,
  baseUrl: string,
  strategies: Record<Strategy, AuthStrategy>,
  callerHeaders?: Readonly<Record<string, string>>,
): Record<Transport, Partial<Record<Variant, Sender>>> {
  const url = `${baseUrl}/api/2.0/people/@self`;
  const viaRequest = (dispatcher: Dispatcher): Sender => {
    if (callerHeaders !== undefined) {
      return async () => {
        const { body } = await request(url, { dispatcher, headers: { ...callerHeaders } });
        return ((await body.json()) as Envelope).response.scheme;
      };
    }
    return async () => {
      const { body } = await request(url, { dispatcher });
      return ((await body.json()) as Envelope).response.scheme;
    };
  };
  const agentFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    // undici's own fetch: Node 20's global fetch is undici 6 and cannot take an undici 7 Agent.
    undiciFetch(input as string, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>;
  const viaFetch = (fetch: typeof agentFetch): Sender => {
    if (callerHeaders !== undefined) {
      return async () => {
        const response = await fetch(url, { headers: { ...callerHeaders } });
        return ((await response.json()) as Envelope).response.scheme;
      };
    }
    return async () => {
      const response = await fetch(url);
      return ((await response.json()) as Envelope).response.scheme;
    };
  };
  /** The strategy's current headers (after the caller's, if any), to write into a call as an application would without us. */
  const headersOf = (strategy: AuthStrategy): Record<string, string> => {
    const own = { ...strategy.peekCredentials?.()?.headers };
    if (Object.keys(own).length === 0) throw new Error(`${strategy.kind}: no cached credentials to copy`);
    return { ...callerHeaders, ...own };
  };
  /** fetch with the strategy's headers written into the call. */
  const byHand = (strategy: AuthStrategy): Sender => {
    const headers = headersOf(strategy);
    return async () => {
      const response = await agentFetch(url, { headers: { ...headers } });
      return ((await response.json()) as Envelope).response.scheme;
    };
  };
  /** undici.request on the Agent with the strategy's headers written into the call. */
  const requestByHand = (strategy: AuthStrategy): Sender => {
    const headers = headersOf(strategy);
    return async () => {
      const { body } = await request(url, { dispatcher: agent, headers: { ...headers } });
      return ((await body.json()) as Envelope).response.scheme;
    };
  };
  const passthroughDispatcher = new ForwardingDispatcher(agent);
  const passthroughInterceptor: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) =>
    dispatch(opts, handler);
  const interceptor = (strategy: AuthStrategy): Dispatcher =>
    agent.compose(createAuthInterceptor(strategy, { baseUrl }));
  const dispatcher = (strategy: AuthStrategy): Dispatcher =>
    createAuthDispatcher(strategy, { baseUrl, dispatcher: agent });
  // The Agent enforces headersTimeout and bodyTimeout: withAuth adds no deadline of its own (timeoutMs: false).
  const authed = (strategy: AuthStrategy): typeof agentFetch =>
    withAuth(agentFetch, strategy, { baseUrl, timeoutMs: false });
  const rawRequest = viaRequest(agent);
  const rawFetch = viaFetch(agentFetch);
  return {
    'request+dispatcher': {
      raw: rawRequest,
      'raw again': rawRequest,
      passthrough: viaRequest(passthroughDispatcher),
      basic: viaRequest(dispatcher(strategies.basic)),
      apikey: viaRequest(dispatcher(strategies.apikey)),
      pat: viaRequest(dispatcher(strategies.pat)),
      'basic by hand': requestByHand(strategies.basic),
      'apikey by hand': requestByHand(strategies.apikey),
      'pat by hand': requestByHand(strategies.pat),
    },
    'request+interceptor': {
      raw: rawRequest,
      'raw again': rawRequest,
      passthrough: viaRequest(agent.compose(passthroughInterceptor)),
      basic: viaRequest(interceptor(strategies.basic)),
      apikey: viaRequest(interceptor(strategies.apikey)),
      pat: viaRequest(interceptor(strategies.pat)),
    },
    'fetch+withAuth': {
      raw: rawFetch,
      'raw again': rawFetch,
      basic: viaFetch(authed(strategies.basic)),
      apikey: viaFetch(authed(strategies.apikey)),
      pat: viaFetch(authed(strategies.pat)),
      'basic by hand': byHand(strategies.basic),
      'apikey by hand': byHand(strategies.apikey),
      'pat by hand': byHand(strategies.pat),
    },
  };
}

/** A dispatcher that only forwards to another: the pass-through of `createAuthDispatcher`. */
class ForwardingDispatcher extends Dispatcher {
  readonly #inner: Dispatcher;

  constructor(inner: Dispatcher) {
    super();
    this.#inner = inner;
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return this.#inner.dispatch(options, handler);
  }

  override close(): Promise<void> {
    return this.#inner.close();
  }

  override destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

/** The scheme each variant must reach the server with. */
export const EXPECTED_SCHEME: Record<Variant, string> = {
  raw: 'none',
  'raw again': 'none',
  passthrough: 'none',
  basic: 'Basic',
  apikey: 'Bearer',
  pat: 'Bearer',
  'basic by hand': 'Basic',
  'apikey by hand': 'Bearer',
  'pat by hand': 'Bearer',
};
