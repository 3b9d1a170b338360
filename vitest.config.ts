import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Its own command (npm run test:production) against Temporal's own server: vitest.production.config.ts.
    exclude: [...configDefaults.exclude, 'test/production/**'],
    globalSetup: ['test/support/global-setup.ts'],
    // Temporal's native worker runs best in child processes, not worker threads.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: 'test/artifacts/vitest.json' }]],
  },
});
