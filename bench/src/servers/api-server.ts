// A loopback server answering like a DocSpace portal, small and fast, so that a benchmark measures
// the client. Runs in its own process (see spawn-api-server.ts) so its CPU time is not the client's.
// GET /api/2.0/people/@self: a tiny envelope that echoes the auth scheme it saw, after `--latency-ms=N`
// (default 0) milliseconds, to stand for a real server's work (validating a JWT, a database read).
// POST /api/2.0/authentication: a PAT login answer, so @ds/auth-pat can log in once.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const YEAR_MS = 365 * 24 * 3_600_000;
const latencyArg = process.argv.find((arg) => arg.startsWith('--latency-ms='));
const LATENCY_MS = latencyArg ? Number(latencyArg.slice('--latency-ms='.length)) : 0;

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  const authorization = request.headers.authorization;
  const scheme = authorization ? authorization.slice(0, authorization.indexOf(' ')) : 'none';
  if (request.method === 'GET' && request.url === '/api/2.0/people/@self') {
    const answer = () =>
      send(response, 200, {
        response: { id: '5f1d2a7e-3c4b-4e8a-9d10-aa0000000001', displayName: 'Bench User', scheme },
        count: 1,
        links: [],
        status: 0,
        statusCode: 200,
      });
    if (LATENCY_MS > 0) setTimeout(answer, LATENCY_MS);
    else answer();
    return;
  }
  if (request.method === 'POST' && request.url === '/api/2.0/authentication') {
    request.resume();
    request.on('end', () =>
      send(response, 200, {
        response: {
          token: 'YmVuY2gtcGVyc29uYWwtYWNjZXNzLXRva2Vu',
          expires: new Date(Date.now() + YEAR_MS).toISOString(),
          sms: false,
          tfa: false,
        },
        count: 1,
        status: 0,
        statusCode: 200,
      }),
    );
    return;
  }
  send(response, 404, { error: { message: 'not found' }, status: 1, statusCode: 404 });
}

const server = createServer({ keepAliveTimeout: 60_000 }, handle);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  process.send?.({ url: `http://127.0.0.1:${address.port}` });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close();
});
