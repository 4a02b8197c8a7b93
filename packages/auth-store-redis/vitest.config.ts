import { defineProject } from 'vitest/config';

export default defineProject({
  ssr: { resolve: { conditions: ['@ds/source', 'module', 'node', 'import', 'default'] } },
  resolve: { conditions: ['@ds/source', 'module', 'node', 'import', 'default'] },
  test: {
    name: 'auth-store-redis',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
