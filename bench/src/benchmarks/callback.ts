import { createRequire } from 'node:module';
import { type BenchContext, type BenchResult, makeResult } from '../harness/result.js';

/** What `callback.json` holds while the benchmark waits for `@ds/auth-oidc`. */
export interface CallbackData {
  /** Target ratio: handleCallback per second over openid-client 6.9.0 per second. */
  target: number;
  pending: string | null;
}

/** Whether a package can be imported from bench/ (declared there and installed). */
export function isInstalled(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Callback + ID-token verification throughput of `@ds/auth-oidc` handleCallback against openid-client
 * 6.9.0 doing the same flow on the same emulator. Pending until `@ds/auth-oidc` exists.
 */
export async function runCallback(context: BenchContext): Promise<BenchResult<CallbackData>> {
  const startedAt = performance.now();
  const available = isInstalled('@ds/auth-oidc');
  const pending = available
    ? 'needs the handleCallback measurement to be written (src/benchmarks/callback.ts)'
    : 'needs @ds/auth-oidc (handleCallback): add it to bench/package.json when the package exists';
  context.log(`callback: pending, ${pending}`);
  return makeResult<CallbackData>(
    {
      name: 'callback',
      title: 'Callback and ID-token verification vs openid-client 6.9.0',
      status: 'pending',
      settings: {},
      tables: [
        {
          title: 'Callback + ID token: handleCallback vs openid-client',
          columns: ['library', 'callbacks/s', 'ratio', 'target'],
          rows: [['@ds/auth-oidc', `pending: ${pending}`, '', '>= 1.0']],
        },
      ],
      notes: ['the same emulator, the same authorization codes, ID tokens verified by both sides (ES256)'],
      data: { target: 1, pending },
    },
    context,
    startedAt,
  );
}
