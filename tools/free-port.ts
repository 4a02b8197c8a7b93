// A port on 127.0.0.1 that was free a moment ago, for test servers that cannot listen on port 0
// themselves (redis-server, verdaccio, workerd). Callers retry if another process took it meanwhile.
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no free port on 127.0.0.1');
  return address.port;
}
