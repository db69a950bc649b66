// `npm run test:conformance`: the comparison's unit tests plus the differential run, which
// builds the whole warehouse on DuckDB and on Postgres (about 40 s on the shared two-core build
// machine, so it stays out of the default `vitest run`, whose include is `*.test.ts`).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/conformance/**/*.test.ts', 'test/conformance/**/*.conformance.ts', 'test/lambdas/**/*.conformance.ts', 'test/incremental-chain/**/*.conformance.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
