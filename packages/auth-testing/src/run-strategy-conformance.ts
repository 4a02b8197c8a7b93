import { describe, expect, it } from 'vitest';
import { CONFORMANCE_CHECKS, checkStrategy } from './check-strategy.js';
import type { ConformanceCheck, StrategyConformanceOptions } from './types.js';

/**
 * Registers the conformance suite for one strategy as vitest `describe`/`it` blocks: shape,
 * credentials, concurrency, abort handling, invalidate, typed errors and secret leaks. Call it at the
 * top level of a test file. Each test fails with the list of findings from {@link checkStrategy}.
 *
 * @example
 * ```ts
 * runStrategyConformance({
 *   name: 'createApiKeyAuth',
 *   create: () => createApiKeyAuth({ apiKey }),
 *   secrets: [apiKey],
 *   scheme: 'Bearer',
 *   expectedErrors: { 'a malformed key': () => createApiKeyAuth({ apiKey: 'sk-nope' }) },
 * });
 * ```
 */
export function runStrategyConformance(options: StrategyConformanceOptions): void {
  const timeout = (options.stepTimeoutMs ?? 5000) * 8 + 5000;
  describe(`${options.name} conforms to AuthStrategy`, () => {
    for (const [check, title] of Object.entries(CONFORMANCE_CHECKS) as Array<[ConformanceCheck, string]>) {
      const skip =
        (check === 'abort-while-pending' && !options.createPending) ||
        (check === 'errors' && Object.keys(options.expectedErrors ?? {}).length === 0);
      it.skipIf(skip)(title, { timeout }, async () => {
        expect(await checkStrategy(options, [check])).toEqual([]);
      });
    }
  });
}
