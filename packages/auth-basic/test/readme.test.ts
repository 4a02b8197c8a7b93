import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docSpaceEnvelope, extractCodeBlocks } from '@ds/auth-testing';
import { runReadmeExample, startLoopbackServer } from '@ds/auth-testing/node';
import { afterEach, describe, expect, it, vi } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = extractCodeBlocks(readFileSync(join(packageDir, 'README.md'), 'utf8'), 'Usage');

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('README usage', () => {
  it('has an example', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map((code, index) => [index + 1, code]))(
    'example %i runs against a portal',
    async (_n, code) => {
      const server = await startLoopbackServer((request) =>
        request.headers.authorization === 'Basic amFuZUBleGFtcGxlLmNvbTpzM2NyZXQ='
          ? { body: docSpaceEnvelope({ id: 'u1', displayName: 'Jane Doe' }) }
          : { status: 401 },
      );
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      vi.stubEnv('DOCSPACE_URL', server.origin);
      vi.stubEnv('DOCSPACE_EMAIL', 'jane@example.com');
      vi.stubEnv('DOCSPACE_PASSWORD', 's3cret');
      try {
        await runReadmeExample(code as string, {
          packageDir,
          replace: { '@ds/auth-basic': join(packageDir, 'src/index.ts') },
        });
        expect(log).toHaveBeenCalledWith('signed in as Jane Doe');
        expect(server.requests.map((request) => request.path)).toEqual(['/api/2.0/people/@self']);
      } finally {
        await server.close();
      }
    },
  );
});
