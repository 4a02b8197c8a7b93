import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createFileTokenStore } from '@ds/auth-core/node';
import { startEmulator } from '@ds/emulator';
import { describe, expect, it } from 'vitest';
import type { OAuthTokens } from '../src/index.js';
import { confidentialClient, signIn } from './fixtures/helpers.js';

const run = promisify(execFile);
const worker = fileURLToPath(new URL('./fixtures/oauth-worker.mjs', import.meta.url));

describe('four processes acting for one user', () => {
  it('share rotating refresh tokens through a file store and never get invalid_grant', async () => {
    expect(
      existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url))),
      'build @ds/auth-oauth first',
    ).toBe(true);
    // Two-second access tokens, so a few seconds of work cross many expiries.
    const portal = await startEmulator({ accessTokenTtlSeconds: 2, rateLimit: false });
    const directory = await mkdtemp(join(tmpdir(), 'ds-oauth-'));
    try {
      const client = confidentialClient(portal, { clock: undefined });
      const { tokens } = await signIn(portal, client);
      await createFileTokenStore<OAuthTokens>({ directory }).compareAndSet('admin', 0, tokens!);
      const seeded = portal.seed.clients.find((candidate) => !candidate.public)!;
      const outputs = await Promise.all(
        Array.from({ length: 4 }, () =>
          run(process.execPath, [
            worker,
            portal.url,
            seeded.clientId,
            seeded.clientSecret,
            directory,
            '5000',
          ]),
        ),
      );
      const reports = outputs.map(({ stdout }) => JSON.parse(stdout) as { errors: string[]; calls: number });
      expect(reports.flatMap((report) => report.errors)).toEqual([]);
      expect(portal.stats.refreshReuseDetected).toBe(0);
      // Once per expiry: 5 s of 2 s tokens (refreshed at half-life at the earliest) is at most ~6 refreshes.
      expect(portal.stats.tokenRequests - 1).toBeGreaterThanOrEqual(2);
      expect(portal.stats.tokenRequests - 1).toBeLessThanOrEqual(8);
    } finally {
      await portal.close();
      await rm(directory, { recursive: true, force: true });
    }
  }, 60_000);
});
