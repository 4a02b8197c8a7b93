import { defineProject } from 'vitest/config';

export default defineProject({
  ssr: { resolve: { conditions: ['@ds/source', 'module', 'node', 'import', 'default'] } },
  resolve: { conditions: ['@ds/source', 'module', 'node', 'import', 'default'] },
  test: {
    name: 'web',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
