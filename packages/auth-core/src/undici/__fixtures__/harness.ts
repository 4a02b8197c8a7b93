import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCredentials } from '../../credentials.js';
import type { AuthenticateOptions, AuthStrategy, Credentials } from '../../types.js';

/** What a test server saw. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The client's port: the same value means the same connection. */
  remotePort: number | undefined;
}

/** A loopback HTTP server that records every request and answers with `respond`. */
export interface TestServer {
  origin: string;
  requests: SeenRequest[];
  /** Client ports of connections that have closed. */
  closedPorts: number[];
  close(): Promise<void>;
}

export type Responder = (request: SeenRequest, index: number, response: ServerResponse) => void;

/** Starts a server on 127.0.0.1 port 0; the default answer is 200 with the JSON `{"ok":true}`. */
export async function startServer(respond?: Responder): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const seen: SeenRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        remotePort: request.socket.remotePort,
      };
      requests.push(seen);
      if (respond) respond(seen, requests.length - 1, response);
      else json(response, 200, { ok: true });
    });
  });
  const closedPorts: number[] = [];
  server.on('connection', (socket) => {
    const port = socket.remotePort;
    socket.on('close', () => {
      if (port !== undefined) closedPorts.push(port);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    closedPorts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Ends `response` with a JSON body. */
export function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** A strategy handing out `Bearer token-<generation>`; `invalidate` (when enabled) moves to the next generation. */
export interface TestStrategy extends AuthStrategy {
  authenticateCalls: number;
  invalidated: Credentials[];
  signals: Array<AbortSignal | undefined>;
}

export interface TestStrategyOptions {
  invalidate?: boolean;
  /** Also hand out this cookie (`name=value` without generation). */
  cookie?: string;
  /** Keep handing out the same credentials after invalidate(). */
  sticky?: boolean;
  /** Replace authenticate() entirely. */
  authenticate?: (options: AuthenticateOptions | undefined) => Promise<Credentials>;
}

export function testStrategy(options: TestStrategyOptions = {}): TestStrategy {
  let generation = 1;
  const strategy: TestStrategy = {
    kind: 'test',
    authenticateCalls: 0,
    invalidated: [],
    signals: [],
    async authenticate(authenticateOptions) {
      strategy.authenticateCalls++;
      strategy.signals.push(authenticateOptions?.signal);
      if (options.authenticate) return options.authenticate(authenticateOptions);
      const headers: Record<string, string> = { authorization: `Bearer token-${generation}` };
      if (options.cookie) headers.cookie = `${options.cookie}-${generation}`;
      return createCredentials({ scheme: 'Bearer', headers, generation });
    },
  };
  if (options.invalidate) {
    strategy.invalidate = (rejected) => {
      strategy.invalidated.push(rejected);
      if (!options.sticky && rejected.generation === generation) generation++;
    };
  }
  return strategy;
}

/**
 * Makes `strategy` cache what authenticate() returns until invalidate() rejects it (as the token
 * strategies do), offers it through peekCredentials(), and authenticates once so it is there.
 */
export async function withCachedCredentials<T extends AuthStrategy>(strategy: T): Promise<T> {
  const authenticate = strategy.authenticate.bind(strategy);
  const invalidate = strategy.invalidate?.bind(strategy);
  let last: Credentials | undefined;
  strategy.authenticate = async (authenticateOptions) => (last = await authenticate(authenticateOptions));
  strategy.peekCredentials = () => last;
  if (invalidate) {
    strategy.invalidate = (rejected) => {
      if (rejected === last) last = undefined;
      return invalidate(rejected);
    };
  }
  await strategy.authenticate();
  return strategy;
}

/** Resolves when `condition()` holds, polling at most `attempts` times on the event loop. */
export async function until(condition: () => boolean, attempts = 1000): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('condition not met');
}
