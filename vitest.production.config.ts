import { defineConfig } from 'vitest/config';

/**
 * `npm run test:production`: the engine on Temporal's own server with PostgreSQL persistence
 * (scripts/production-shape.sh) instead of the dev server, with worker processes of its own.
 */
export default defineConfig({
  test: {
    include: ['test/production/**/*.test.ts'],
    globalSetup: ['test/production/setup.ts'],
    pool: 'forks',
    testTimeout: 300_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: 'test/artifacts/vitest-production.json' }]],
  },
});
