import { defineProject } from 'vitest/config';
import { workspaceSourceAliases } from '../tools/workspace-sources.js';

// Not one of the root projects: scripts/test-all.mjs runs it after the main suite, on its own,
// because its set-up publishes every package (the build must be done and nothing else running).
export default defineProject({
  resolve: { alias: workspaceSourceAliases() },
  test: {
    name: 'registry',
    include: ['test/**/*.test.ts'],
    globalSetup: ['./src/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
