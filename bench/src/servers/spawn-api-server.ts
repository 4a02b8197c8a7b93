import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A running loopback server in a child process. */
export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

/** Options of {@link spawnApiServer}. */
export interface ApiServerOptions {
  /** Milliseconds the server waits before answering each API request (simulated server work). Default 0. */
  latencyMs?: number | undefined;
}

const benchDir = fileURLToPath(new URL('../..', import.meta.url));

/** Starts a server file (it sends `{ url }` over IPC once listening) in its own Node.js process. */
export function spawnServer(file: string, args: string[] = []): Promise<ApiServer> {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), args, {
    cwd: benchDir,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${file} did not start within 15 s`));
    }, 15_000);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
    child.once('message', (message) => {
      clearTimeout(timer);
      const url = (message as { url: string }).url;
      resolve({
        url,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.disconnect();
            setTimeout(() => child.kill(), 2_000).unref();
          }),
      });
    });
  });
}

/** Starts the loopback DocSpace-like API server (api-server.ts) and waits for its URL. */
export function spawnApiServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  return spawnServer('./api-server.ts', [`--latency-ms=${options.latencyMs ?? 0}`]);
}

/** Starts the loopback strict OpenID Provider (oidc-server.ts) and waits for its URL. */
export function spawnOidcServer(): Promise<ApiServer> {
  return spawnServer('./oidc-server.ts');
}
