/**
 * What a mutant must survive, as the project's model tests define it: the unit tests of the
 * mutated model, and the full build of the hand-checked fixture landing with every data test of
 * the project and the exact rows test/models/fixture-build.test.ts expects; a mutant of an
 * incremental model, besides, the incremental chain of test/incremental-chain/ (chain-check.ts).
 */
import { join } from 'node:path';
import { CHAIN_LAST_DATE } from '../incremental-chain/daily-builds.ts';

export interface FixtureSuite {
  readonly projectRoot: string;
  readonly landingDir: string;
  readonly vars: Readonly<Record<string, unknown>>;
  /** The test file whose `rowsOf(...)` and `.query('…')` calls are the pinned queries. */
  readonly pinnedRowsTest: string;
  /** The chain a mutant of an incremental model (or of a macro one calls) must also survive; none: no chain check. */
  readonly chain?: ChainSource;
}

/**
 * A chain landing: generated (the incremental-chain scenario, ending at `endDate`),
 * or a chain folder already written (its chain.json and one folder per day).
 */
export type ChainSource = { readonly generate: { readonly scale: number; readonly seed: number; readonly days: number; readonly endDate: string } } | { readonly dir: string };

/** The DuckDB chain test's landing (test/incremental-chain/chain-harness.ts), without its failing day. */
export const PROJECT_CHAIN: ChainSource = { generate: { scale: 0.01, seed: 42, days: 10, endDate: CHAIN_LAST_DATE } };

export function projectFixtureSuite(projectRoot: string): FixtureSuite {
  return {
    projectRoot,
    landingDir: join(projectRoot, 'test/fixtures/crm-landing'),
    // The run date the fixture's expected rows are worked out for (fixture-build.test.ts).
    vars: { run_date: '2026-03-10' },
    pinnedRowsTest: join(projectRoot, 'test/models/fixture-build.test.ts'),
    chain: PROJECT_CHAIN,
  };
}
