/**
 * What a mutant must survive, as the project's model tests define it: the unit tests of the
 * mutated model, and the full build of the hand-checked fixture landing with every data test of
 * the project and the exact rows test/models/fixture-build.test.ts expects.
 */
import { join } from 'node:path';

export interface FixtureSuite {
  readonly projectRoot: string;
  readonly landingDir: string;
  readonly vars: Readonly<Record<string, unknown>>;
  /** The test file whose `rowsOf(...)` and `.query('…')` calls are the pinned queries. */
  readonly pinnedRowsTest: string;
}

export function projectFixtureSuite(projectRoot: string): FixtureSuite {
  return {
    projectRoot,
    landingDir: join(projectRoot, 'test/fixtures/crm-landing'),
    // The run date the fixture's expected rows are worked out for (fixture-build.test.ts).
    vars: { run_date: '2026-03-10' },
    pinnedRowsTest: join(projectRoot, 'test/models/fixture-build.test.ts'),
  };
}
