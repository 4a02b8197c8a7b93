import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docSpaceEnvelope, extractCodeBlocks } from '@ds/auth-testing';
import { runReadmeExample, startLoopbackServer } from '@ds/auth-testing/node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVault, PRINT_KEY } from './helpers.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = extractCodeBlocks(readFileSync(join(packageDir, 'README.md'), 'utf8'), 'Usage');
const KEY = `sk-${'7'.repeat(64)}`;

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('README usage', () => {
  it('runs against a portal that accepts the key the command prints', async () => {
    expect(examples).toHaveLength(1);
    const vault = createVault(KEY);
    const server = await startLoopbackServer((request) =>
      request.headers.authorization === `Bearer ${KEY}`
        ? { body: docSpaceEnvelope({ id: 'u1', displayName: 'Jane Doe' }) }
        : { status: 401 },
    );
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.stubEnv('DOCSPACE_URL', server.origin);
    vi.stubEnv('PRINT_KEY_SCRIPT', PRINT_KEY);
    vi.stubEnv('KEY_FILE', vault.keyFile);
    try {
      await runReadmeExample(examples[0]!, {
        packageDir,
        replace: { '@ds/example-plugin-strategy': join(packageDir, 'src/index.ts') },
      });
      expect(log).toHaveBeenCalledWith('signed in as Jane Doe');
    } finally {
      await server.close();
      vault.remove();
    }
  });
});
