import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialsLine, parseArguments, runCli } from '../src/cli.js';
import { defaultSeed, type Emulator } from '../src/index.js';
import { call, postJson } from './helpers.js';

async function run(argv: string[]): Promise<{ emulator: Emulator | null; output: string }> {
  let output = '';
  const emulator = await runCli(argv, (text) => {
    output += text;
  });
  return { emulator, output };
}

describe('ds-emulator', () => {
  it('prints one JSON line with the URL and every default credential, all of them usable', async () => {
    const { emulator, output } = await run(['--json', '--port', '0']);
    try {
      expect(output.endsWith('\n')).toBe(true);
      expect(output.trim().split('\n')).toHaveLength(1);
      const line = JSON.parse(output);
      expect(line.url).toBe(emulator!.url);
      expect(line.users.map((user: { email: string }) => user.email)).toEqual([
        'admin@docspace.test',
        'user@docspace.test',
      ]);
      expect(line.users[1].totpSecret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
      expect(line.apiKeys.map((key: { name: string }) => key.name)).toEqual([
        'full-access',
        'files-rooms-read',
      ]);
      expect(line.clients[0]).toMatchObject({ redirectUris: ['http://127.0.0.1/callback'], public: false });
      expect(line.clients[1].public).toBe(true);
      const login = await postJson(`${line.url}/api/2.0/authentication`, {
        userName: line.users[0].email,
        password: line.users[0].password,
      });
      expect(login.status).toBe(200);
      const key = await call(`${line.url}/api/2.0/keys/@self`, {
        headers: { authorization: `Bearer ${line.apiKeys[0].key}` },
      });
      expect(key.status).toBe(200);
    } finally {
      await emulator?.close();
    }
  });

  it('loads a --seed file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ds-emulator-'));
    const file = join(dir, 'seed.json');
    await writeFile(
      file,
      JSON.stringify({
        users: [{ email: 'ci@example.com', password: 'secret-1', role: 'admin' }],
        apiKeys: [{ user: 'ci@example.com', name: 'ci', permissions: ['rooms:read'] }],
        clients: [
          {
            clientId: 'my-app',
            clientSecret: 'shh',
            redirectUris: ['https://app.example.com/cb'],
            scopes: ['openid', 'rooms:read'],
          },
        ],
      }),
    );
    const { emulator, output } = await run(['--seed', file, '--json']);
    try {
      const line = JSON.parse(output);
      expect(line.users).toEqual([
        { email: 'ci@example.com', password: 'secret-1', role: 'admin', tfa: 'none' },
      ]);
      expect(line.clients).toEqual([
        {
          name: 'Emulator App',
          clientId: 'my-app',
          clientSecret: 'shh',
          redirectUris: ['https://app.example.com/cb'],
          scopes: ['openid', 'rooms:read'],
          public: false,
        },
      ]);
      expect(line.apiKeys[0].key).toMatch(/^sk-[0-9a-f]{64}$/);
    } finally {
      await emulator?.close();
    }
  });

  it('prints a human summary without --json and help with --help', async () => {
    const { emulator, output } = await run([]);
    await emulator?.close();
    expect(output).toContain('DocSpace emulator listening on http://127.0.0.1:');
    expect(output).toContain('admin@docspace.test  password: Admin-pass-1');
    const help = await run(['--help']);
    expect(help.emulator).toBeNull();
    expect(help.output).toContain('--seed FILE');
  });

  it('rejects unknown flags and bad ports', () => {
    expect(() => parseArguments(['--nope'])).toThrow('unknown argument "--nope"');
    expect(() => parseArguments(['--port', 'x'])).toThrow('"--port" must be 0-65535');
    expect(parseArguments(['--port=8080', '--json'])).toEqual({ port: 8080, json: true, help: false });
  });

  it('keeps defaultSeed() and the JSON line in sync', () => {
    expect(defaultSeed().users).toHaveLength(2);
    expect(typeof credentialsLine).toBe('function');
  });
});
