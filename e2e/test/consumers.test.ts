// Consumers of the installed packages: TypeScript (node16 and bundler resolution, strict, no DOM lib,
// skipLibCheck off, so every shipped declaration is checked) over every subpath, and CommonJS with
// require() (Node >= 20.19 loads ES modules synchronously).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consumerEnv } from '../src/consumer.js';
import { e2eContext } from '../src/context.js';
import { run } from '../src/process.js';

const context = e2eContext();
const app = context.appDirectory;

async function specifiers(): Promise<string[]> {
  const all: string[] = [];
  for (const { name } of context.packages) {
    const manifest = JSON.parse(await readFile(join(app, 'node_modules', name, 'package.json'), 'utf8'));
    for (const subpath of Object.keys(manifest.exports ?? {})) {
      if (subpath === './package.json') continue;
      all.push(subpath === '.' ? name : `${name}/${subpath.slice(2)}`);
    }
  }
  return all;
}

// What a user writes: a few calls with their types, so signatures are checked, not only loaded.
const TYPED_USE = `
import { AuthError, createDocSpaceClient, hasErrorCode, type AuthStrategy, type Credentials } from '@ds/auth-core';
import { createFileTokenStore } from '@ds/auth-core/node';
import { createAuthDispatcher } from '@ds/auth-core/undici';
import { createApiKeyAuth } from '@ds/auth-apikey';
import { createBasicAuth } from '@ds/auth-basic';
import { createPersonalTokenAuth } from '@ds/auth-pat';
import { createOAuthClient, type OAuthTokens } from '@ds/auth-oauth';
import { createOidcClient } from '@ds/auth-oidc';
import { createRedisTokenStore } from '@ds/auth-store-redis';
import { startEmulator } from '@ds/emulator';
import { Agent } from 'undici';

export async function use(): Promise<string> {
  const portal = await startEmulator();
  const auth: AuthStrategy = createApiKeyAuth({ apiKey: portal.seed.apiKeys[0]!.key });
  const client = createDocSpaceClient({ baseUrl: portal.url, auth });
  const me = await client.get<{ email: string }>('/api/2.0/people/@self');
  const credentials: Credentials = await createBasicAuth({ email: 'a@b.c', password: 'p' }).authenticate();
  createPersonalTokenAuth({ baseUrl: portal.url, userName: 'a@b.c', password: 'p' });
  createFileTokenStore<OAuthTokens>({ directory: '/tmp/x' });
  createAuthDispatcher(auth, { baseUrl: portal.url, dispatcher: new Agent() });
  createOAuthClient({ baseUrl: portal.url, clientId: 'id', redirectUri: 'http://127.0.0.1/cb', scopes: ['files:read'] });
  createOidcClient({ baseUrl: portal.url, clientId: 'id', redirectUri: 'http://127.0.0.1/cb', scopes: ['openid'] });
  createRedisTokenStore({ client: { eval: async () => null } });
  await portal.close();
  try {
    throw new AuthError('ERR_AUTH_UNAUTHORIZED', 'example');
  } catch (error) {
    if (hasErrorCode(error, 'ERR_AUTH_UNAUTHORIZED')) return error.code;
  }
  return me.email + credentials.scheme;
}
`;

const COMPILER = {
  target: 'ES2022',
  lib: ['ES2023'],
  strict: true,
  skipLibCheck: false,
  noEmit: true,
  types: ['node'],
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
};

describe.each([
  { resolution: 'node16', module: 'node16' },
  { resolution: 'bundler', module: 'preserve' },
])('a TypeScript consumer with $resolution resolution', ({ resolution, module }) => {
  it('compiles against every subpath without the DOM lib and with skipLibCheck off', async () => {
    const all = await specifiers();
    const imports = all.map((specifier, index) => `import * as m${index} from '${specifier}';`).join('\n');
    const uses = all.map((_, index) => `Object.keys(m${index}).length`).join(' + ');
    await writeFile(
      join(app, `every-subpath.${resolution}.ts`),
      `${imports}\nexport const count: number = ${uses};\n`,
    );
    await writeFile(join(app, 'typed-use.ts'), TYPED_USE);
    const config = join(app, `tsconfig.${resolution}.json`);
    await writeFile(
      config,
      JSON.stringify({
        compilerOptions: { ...COMPILER, module, moduleResolution: resolution },
        files: [`every-subpath.${resolution}.ts`, 'typed-use.ts'],
      }),
    );
    const result = await run(join(app, 'node_modules', '.bin', 'tsc'), ['-p', config], {
      cwd: app,
      env: consumerEnv(context.npm),
    });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('a CommonJS consumer', () => {
  it('loads every subpath with require()', async () => {
    const all = await specifiers();
    await writeFile(
      join(app, 'require-all.cjs'),
      all
        .map(
          (specifier) =>
            `console.log(${JSON.stringify(specifier)}, Object.keys(require(${JSON.stringify(specifier)})).length);`,
        )
        .join('\n'),
    );
    const result = await run(process.execPath, ['require-all.cjs'], {
      cwd: app,
      env: consumerEnv(context.npm),
    });
    expect(result.code, result.stderr).toBe(0);
    for (const specifier of all) expect(result.stdout).toMatch(new RegExp(`^${specifier} [1-9]\\d*$`, 'm'));
    const core = await run(
      process.execPath,
      ['-e', "console.log(typeof require('@ds/auth-core').createDocSpaceClient)"],
      {
        cwd: app,
        env: consumerEnv(context.npm),
      },
    );
    expect(core.stdout.trim()).toBe('function');
  });
});
