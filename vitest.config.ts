import { defineConfig } from 'vitest/config';

/**
 * Every test file runs twice: once on embedded PGlite and once on the PostgreSQL server at
 * TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), each file in its own schema.
 */
const shared = {
  include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  testTimeout: 30_000,
  hookTimeout: 90_000,
};

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { test: { ...shared, name: 'pglite', env: { PAYORDERS_TEST_STORE: 'pglite' } } },
      { test: { ...shared, name: 'postgres', env: { PAYORDERS_TEST_STORE: 'postgres' } } },
    ],
  },
});
