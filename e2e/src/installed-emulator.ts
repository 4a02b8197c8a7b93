// The emulator as a user starts it: `npx ds-emulator --json` in a project that installed
// @ds/emulator from the registry. It prints one JSON line with its URL and seeded credentials.
import { spawn } from 'node:child_process';

/** The line `ds-emulator --json` prints (the fields these tests use). */
export interface EmulatorLine {
  url: string;
  users: Array<{ email: string; password: string; role: string; tfa: string | null }>;
  apiKeys: Array<{ name: string; key: string; user: string; permissions: string[] }>;
  clients: Array<{ name: string; clientId: string; clientSecret: string | null; public: boolean }>;
}

/** A running `ds-emulator` process. */
export interface InstalledEmulator {
  readonly line: EmulatorLine;
  /** Every secret it seeded (passwords, keys, client secrets): none may ever be printed by an example. */
  readonly secrets: string[];
  stop(): Promise<void>;
}

/** Starts `npx ds-emulator --json` in `cwd` and waits for its JSON line. */
export function startInstalledEmulator(cwd: string, env: Record<string, string>): Promise<InstalledEmulator> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['--no-install', 'ds-emulator', '--json'], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: npx and the node it starts stop together
    });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const stop = async (): Promise<void> => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    };
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`ds-emulator printed no JSON line within 30 s\n${stdout}\n${stderr}`));
    }, 30_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        const line = JSON.parse(stdout.slice(0, newline)) as EmulatorLine;
        const secrets = [
          ...line.users.map((user) => user.password),
          ...line.apiKeys.map((key) => key.key),
          ...line.clients.flatMap((client) => (client.clientSecret ? [client.clientSecret] : [])),
        ];
        resolve({ line, secrets, stop });
      } catch (error) {
        void stop();
        reject(
          new Error(`ds-emulator --json printed "${stdout.slice(0, newline)}": ${(error as Error).message}`),
        );
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ds-emulator exited ${code}\n${stdout}\n${stderr}`));
    });
  });
}
