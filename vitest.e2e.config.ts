import { defineConfig } from 'vitest/config';

// Browser tests (npm run test:e2e): two warehouses, one from a generated landing and one from the
// hand-made fixture landing, are built and documented once (test/e2e/global-setup.ts), then Chromium
// opens their sites from file://. Kept apart from `npm test`, which must not need a browser.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // One browser at a time: the CI machine has two cores and each file drives its own Chromium.
    fileParallelism: false,
  },
});
