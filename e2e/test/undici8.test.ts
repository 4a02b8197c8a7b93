// A project already on undici 8 (the current major, Node >= 22.19): @ds/auth-core installs next to it
// (the optional peer is ^7.30.2 || ^8) and its dispatcher works with undici 8's Agent, on Node 24.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consumerEnv, createProject, npm } from '../src/consumer.js';
import { e2eContext, NODE24 } from '../src/context.js';
import { runOk } from '../src/process.js';

const context = e2eContext();

const SCRIPT = `
import { createApiKeyAuth } from '@ds/auth-apikey';
import { createAuthDispatcher } from '@ds/auth-core/undici';
import { startEmulator } from '@ds/emulator';
import { Agent, request } from 'undici';

const portal = await startEmulator();
const auth = createApiKeyAuth({ apiKey: portal.seed.apiKeys[0].key });
const dispatcher = createAuthDispatcher(auth, { baseUrl: portal.url, dispatcher: new Agent() });
const response = await request(\`\${portal.url}/api/2.0/people/@self\`, { dispatcher });
const body = await response.body.json();
console.log(response.statusCode, body.response.email);
await dispatcher.close();
await portal.close();
`;

describe('a project on undici 8', () => {
  it('installs @ds/auth-core beside undici 8 and authenticates through its Agent on Node 24', async () => {
    const project = await createProject(join(context.base, 'undici8'), 'on-undici-8');
    await npm(context.npm, project, [
      'install',
      'undici@8',
      '@ds/auth-core',
      '@ds/auth-apikey',
      '@ds/emulator',
    ]);
    const installed = JSON.parse(
      await readFile(join(project, 'node_modules', 'undici', 'package.json'), 'utf8'),
    );
    expect(installed.version).toMatch(/^8\./);
    await npm(context.npm, project, ['ls', '--all']);
    await mkdir(project, { recursive: true });
    await writeFile(join(project, 'main.mjs'), SCRIPT);
    const result = await runOk(NODE24, ['main.mjs'], { cwd: project, env: consumerEnv(context.npm) });
    expect(result.stdout.trim()).toBe('200 admin@docspace.test');
  });
});
