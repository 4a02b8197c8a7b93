import { defineProject } from 'vitest/config';
import { workspaceSourceAliases } from '../../tools/workspace-sources.js';

export default defineProject({
  resolve: { alias: workspaceSourceAliases() },
  test: {
    name: 'auth-core',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
