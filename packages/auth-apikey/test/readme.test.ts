import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inspect } from 'node:util';
import { fileURLToPath } from 'node:url';
import { docSpaceEnvelope, extractCodeBlocks } from '@ds/auth-testing';
import { runReadmeExample, startLoopbackServer } from '@ds/auth-testing/node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createdKeyResponse, keyListResponse } from '../src/__fixtures__/api-keys.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = extractCodeBlocks(readFileSync(join(packageDir, 'README.md'), 'utf8'), 'Usage');
const KEY = `sk-${'5eed'.repeat(16)}`;

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

// A tiny portal that accepts KEY and serves the key endpoints from the fixtures.
async function portal() {
  return startLoopbackServer((request) => {
    if (request.headers.authorization !== `Bearer ${KEY}`) return { status: 401 };
    if (request.method === 'GET' && request.path === '/api/2.0/keys/@self') {
      return { body: docSpaceEnvelope(keyListResponse.response[0]) };
    }
    if (request.method === 'POST' && request.path === '/api/2.0/keys') return { body: createdKeyResponse };
    if (request.method === 'GET' && request.path === '/api/2.0/keys') return { body: keyListResponse };
    if (request.method === 'DELETE') return { body: docSpaceEnvelope(true) };
    return { status: 404 };
  });
}

describe('README usage', () => {
  it('has two examples', () => {
    expect(examples).toHaveLength(2);
  });

  it.each(examples.map((code, index) => [index + 1, code]))(
    'example %i runs against a portal',
    async (_n, code) => {
      const server = await portal();
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      vi.stubEnv('DOCSPACE_URL', server.origin);
      vi.stubEnv('DOCSPACE_API_KEY', KEY);
      try {
        await runReadmeExample(code as string, {
          packageDir,
          replace: { '@ds/auth-apikey': join(packageDir, 'src/index.ts') },
        });
        expect(server.requests.every((request) => request.headers.authorization === `Bearer ${KEY}`)).toBe(
          true,
        );
        expect(log).toHaveBeenCalled();
        const printed = log.mock.calls.map((call) => inspect(call[0], { depth: 5 })).join('\n');
        expect(printed).not.toContain(createdKeyResponse.response.key);
      } finally {
        await server.close();
      }
    },
  );
});
