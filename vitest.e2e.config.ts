import { defineConfig } from 'vitest/config';

// Browser tests (npm run test:e2e): a real warehouse is generated, built and documented once
// (test/e2e/global-setup.ts), then Chromium opens the site from file://. Kept apart from `npm test`,
// which must not need a browser.
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
