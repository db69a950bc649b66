/**
 * Tests that read the same rows, counted together: one query with one aggregate per test
 * (PlanTest.failureAggregate, lib/project/test-failure-aggregates.ts) scans the relation once,
 * where each test alone would scan it again. Each test is then judged exactly as alone (its
 * warn_if, error_if and limit, test-check.ts), and only a test that warned or failed reads its
 * sample of failing rows with its own query. A test runs alone when it stores its failures, when it
 * has no aggregate, when its aggregate only screens and found failures (its query counts them), and
 * when its batch's query fails: then each test of the batch reports its own result or error.
 */
import type { Engine, Row } from '../engines/engine.ts';
import type { PlanTest } from '../plan/plan.ts';
import type { RunGraph } from './run-graph.ts';
import { checkTest, judgeCount, type TestCheck } from './test-check.ts';

/** Against the staged build (its `auditSql`) or the published relations (its `sql`). */
export type TestPhase = 'audit' | 'published';

export interface BatchMember {
  readonly test: PlanTest;
  /** Tests batch only within one wave: tests that become ready together (e.g. the same upstream nodes). */
  readonly wave?: string;
}

interface Batch {
  readonly from: string;
  readonly tests: PlanTest[];
}

/** One query counting every test of a batch: the column `failures_<i>` is the i-th aggregate over `from`. */
export function batchedCountQuery(from: string, expressions: readonly string[]): string {
  return `select ${expressions.map((expression, index) => `${expression} as failures_${index}`).join(',\n       ')}\nfrom ${from}`;
}

/** A run's tests against the published relations, each wave the tests waiting for the same nodes (none: the source tests, or `test` mode). */
export function publishedBatchMembers(graph: RunGraph): BatchMember[] {
  return [
    ...graph.sourceTests.map((node) => ({ test: node.test, wave: 'sources' })),
    ...graph.nodes.flatMap((node) => (node.kind === 'test' ? [{ test: node.test, wave: [...node.upstream].sort().join(' ') }] : [])),
  ];
}

/** The rows a test's aggregate reads in this phase; undefined when the test runs alone. */
function batchedFrom(test: PlanTest, phase: TestPhase): string | undefined {
  // A test that stores its failures is counted from the table it stored (audit-checks.ts).
  if (test.failureAggregate === undefined || test.storeFailuresIn !== undefined) return undefined;
  return phase === 'audit' ? test.failureAggregate.auditFrom : test.failureAggregate.from;
}

export class TestBatches {
  private readonly batchOf = new Map<string, Batch>();
  private readonly counted = new Map<Batch, Promise<ReadonlyMap<string, number> | undefined>>();

  /** `read` applies to the batch's query what the tests' queries get (the run's view snapshots). */
  constructor(
    private readonly engine: Engine,
    phase: TestPhase,
    private readonly read: (sql: string) => string,
    members: readonly BatchMember[],
  ) {
    const batches = new Map<string, Batch>();
    for (const { test, wave } of members) {
      const from = batchedFrom(test, phase);
      if (from === undefined) continue;
      const key = `${wave ?? ''}\n${from}`;
      const batch = batches.get(key) ?? { from, tests: [] };
      batch.tests.push(test);
      batches.set(key, batch);
    }
    // A batch of one test is the test alone.
    for (const batch of batches.values()) if (batch.tests.length > 1) for (const test of batch.tests) this.batchOf.set(test.id, batch);
  }

  /** The test's check; `sql` is its query as it would run alone (the phase's, read through `read`). */
  async check(test: PlanTest, sql: string): Promise<TestCheck> {
    const batch = this.batchOf.get(test.id);
    const aggregate = test.failureAggregate;
    if (batch === undefined || aggregate === undefined) return checkTest(this.engine, sql, test);
    const counted = (await this.counts(batch))?.get(test.id);
    if (counted === undefined || (aggregate.kind === 'screen' && counted !== 0)) return checkTest(this.engine, sql, test);
    const failures = aggregate.kind === 'screen' ? 0 : Math.min(counted, test.limit ?? counted);
    return judgeCount(this.engine, sql, test, failures);
  }

  /** The first test of a batch to be checked counts the batch; the others wait for its counts. */
  private counts(batch: Batch): Promise<ReadonlyMap<string, number> | undefined> {
    let counts = this.counted.get(batch);
    if (counts === undefined) {
      counts = this.count(batch);
      this.counted.set(batch, counts);
    }
    return counts;
  }

  /** Undefined when the query fails: each test then runs alone and reports its own error, if it has one. */
  private async count(batch: Batch): Promise<ReadonlyMap<string, number> | undefined> {
    const expressions = batch.tests.map((test) => test.failureAggregate?.expression ?? '');
    let row: Row | undefined;
    try {
      [row] = await this.engine.query(this.read(batchedCountQuery(batch.from, expressions)));
    } catch {
      return undefined;
    }
    const counts = new Map<string, number>();
    batch.tests.forEach((test, index) => {
      const value = row?.[`failures_${index}`];
      if (value !== undefined && value !== null) counts.set(test.id, Number(value));
    });
    return counts;
  }
}
