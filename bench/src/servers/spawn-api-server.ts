import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A running api-server.ts child process. */
export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

const benchDir = fileURLToPath(new URL('../..', import.meta.url));
const serverFile = fileURLToPath(new URL('./api-server.ts', import.meta.url));

/** Starts the loopback DocSpace-like server in its own Node.js process and waits for its URL. */
export function spawnApiServer(): Promise<ApiServer> {
  const child = fork(serverFile, [], {
    cwd: benchDir,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('api-server did not start within 15 s'));
    }, 15_000);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`api-server exited with ${code}`)));
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
