// What the test files share: the run's context from the global setup, and its npm setup.
import { inject } from 'vitest';
import type { NpmSetup } from './consumer.js';
import type { E2eContext } from './global-setup.js';

/** The context of this run (see global-setup.ts) and the npm setup every consumer uses. */
export function e2eContext(): E2eContext & { npm: NpmSetup } {
  const context = inject('e2e');
  return { ...context, npm: { registryUrl: context.registryUrl, directory: context.npmDirectory } };
}
