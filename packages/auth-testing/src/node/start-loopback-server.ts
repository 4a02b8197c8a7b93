import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the loopback server received. */
export interface RecordedRequest {
  /** The method, upper-case. */
  readonly method: string;
  /** The path with its query string, as sent. */
  readonly path: string;
  /** The headers, names lower-case. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as UTF-8 text (empty when there was none). */
  readonly body: string;
  /** The client's port: the same value means the same connection. */
  readonly remotePort: number | undefined;
}

/** What a handler answers. A string body is sent as-is; anything else is sent as JSON. */
export interface LoopbackReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * Answers one request with a reply, or returns nothing and answers (late, partly, or never) through
 * `response` itself. A thrown error becomes a 500 with an empty body.
 */
export type LoopbackHandler = (
  request: RecordedRequest,
  response: ServerResponse,
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that answers through `response` returns nothing
) => LoopbackReply | void | Promise<LoopbackReply | undefined>;

/** A running loopback server. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Every request received so far, in order. */
  readonly requests: readonly RecordedRequest[];
  /** The client ports of connections that have closed, in order. */
  readonly closedPorts: readonly number[];
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

function read(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, reply: LoopbackReply): void {
  const body =
    reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body !== undefined && typeof reply.body !== 'string')
    headers['content-type'] ??= 'application/json';
  response.writeHead(reply.status ?? 200, headers).end(body);
}

/**
 * Starts an HTTP server on 127.0.0.1 (port 0: the OS picks a free port) that records each request and
 * answers with `handler`, and notes which connections closed. For wire tests without a portal: the
 * one loopback server of the repository's tests. Node-only.
 *
 * @example
 * ```ts
 * const server = await startLoopbackServer(() => ({ body: docSpaceEnvelope({ id: 'u1' }) }));
 * try { await fetch(`${server.origin}/api/2.0/people/@self`); } finally { await server.close(); }
 * ```
 */
export async function startLoopbackServer(handler: LoopbackHandler): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      try {
        const recorded: RecordedRequest = {
          method: request.method ?? 'GET',
          path: request.url ?? '/',
          headers: { ...request.headers },
          body: await read(request),
          remotePort: request.socket.remotePort,
        };
        requests.push(recorded);
        const reply = await handler(recorded, response);
        if (reply !== undefined) send(response, reply);
      } catch {
        if (!response.headersSent) response.writeHead(500).end();
        else response.destroy();
      }
    })();
  });
  const closedPorts: number[] = [];
  server.on('connection', (socket) => {
    const port = socket.remotePort;
    socket.on('close', () => {
      if (port !== undefined) closedPorts.push(port);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    closedPorts,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
