// Starts a throwaway redis-server on 127.0.0.1 for tests (the Redis store, the registry end-to-end test), and stops it by its pid.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { delimiter, join } from 'node:path';
import { freePort } from './free-port.js';

/**
 * The redis-server to run: the first on PATH, else the distribution's own path (a package installed
 * by CI after the caller's PATH was set up may not be on it).
 */
function findRedisServer(): string | undefined {
  const candidates = [
    ...(process.env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, 'redis-server')),
    '/usr/bin/redis-server',
    '/usr/local/bin/redis-server',
  ];
  return candidates.find((candidate) => {
    const probe = spawnSync(candidate, ['--version'], { stdio: 'ignore' });
    return probe.error === undefined && probe.status === 0;
  });
}

const REDIS_SERVER = findRedisServer();

/** Why the Redis tests are skipped here, or `undefined` when redis-server is available. */
export const redisSkipReason: string | undefined = REDIS_SERVER
  ? undefined
  : 'redis-server is not on PATH nor in /usr/bin (apt-get install -y redis-server)';

if (redisSkipReason !== undefined) {
  // In CI a missing server is a broken setup, not a reason to pass quietly.
  if (process.env.CI) throw new Error(`${redisSkipReason}: CI must run the Redis tests`);
  console.warn(`${redisSkipReason}: skipping the Redis tests`);
}

/** A running redis-server. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops it: `SIGTERM` by default, `SIGKILL` for a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Options for {@link startRedisServer}. */
export interface RedisServerOptions {
  /** Listen on this port (to restart a server where its clients reconnect). Default: a free one. */
  port?: number | undefined;
  /** Keep the data in an append-only file here (fsync on every write), so it survives a restart or a crash. */
  directory?: string | undefined;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) socket.end();
    });
    socket.on('close', () => resolve(reply.startsWith('+PONG')));
    socket.on('error', () => undefined);
  });
}

/**
 * Spawns redis-server on a loopback port (a free one unless given; no persistence unless `directory`)
 * and waits until it answers PING.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const persistence = options.directory
    ? ['--dir', options.directory, '--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    const child = spawn(
      REDIS_SERVER ?? 'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--daemonize', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let alive = true;
    void exited.then(() => {
      alive = false;
    });
    const deadline = Date.now() + 10_000;
    while (alive && Date.now() < deadline && !(await ping(port))) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    if (alive && Date.now() < deadline) return running(child, port, exited);
    await stopChild(child, exited);
    // The port may have been taken between probing and binding: try another a few times.
    if (attempt >= 3 || options.port !== undefined)
      throw new Error(`redis-server did not start on port ${port}: ${output}`);
  }
}

function running(child: ChildProcess, port: number, exited: Promise<void>): RedisServer {
  return { port, url: `redis://127.0.0.1:${port}`, stop: (signal) => stopChild(child, exited, signal) };
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<void>,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    process.kill(child.pid, signal);
    await exited;
  }
}
