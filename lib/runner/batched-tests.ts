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
import type { FailureAggregate, IncrementAudit, PlanTest } from '../plan/plan.ts';
import type { RunGraph } from './run-graph.ts';
import { checkTest, judgeCount, type TestCheck } from './test-check.ts';

/**
 * Against the staged build (its `auditSql`) or the published relations (its `sql`); the tests in
 * `narrowed` against only what changed (their `incrementAudit`, or their `landedAudit` after its last verdict), by test id.
 */
export interface TestPhase {
  readonly kind: 'audit' | 'published';
  readonly narrowed: ReadonlyMap<string, IncrementAudit>;
}

export interface BatchMember {
  readonly test: PlanTest;
  /** Tests batch only within one wave: tests that become ready together (e.g. the same upstream nodes). */
  readonly wave?: string;
}

/** Tests counted together: their aggregates read the same rows (`from`). */
export interface TestBatch {
  readonly from: string;
  readonly tests: readonly PlanTest[];
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

/**
 * The batches of `members`: the tests of one wave whose aggregates read the same rows (`rowsOf`),
 * two or more, in the members' order. A test that stores its failures is counted from the table it
 * stored (audit-checks.ts), so it runs alone, as does a test without an aggregate.
 */
export function groupBatches(members: readonly BatchMember[], rowsOf: (aggregate: FailureAggregate, test: PlanTest) => string | undefined): TestBatch[] {
  const batches = new Map<string, { from: string; tests: PlanTest[] }>();
  for (const { test, wave } of members) {
    const from = test.failureAggregate === undefined || test.storeFailuresIn !== undefined ? undefined : rowsOf(test.failureAggregate, test);
    if (from === undefined) continue;
    const key = `${wave ?? ''}\n${from}`;
    const batch = batches.get(key) ?? { from, tests: [] };
    batch.tests.push(test);
    batches.set(key, batch);
  }
  // A batch of one test is the test alone.
  return [...batches.values()].filter((batch) => batch.tests.length > 1);
}

/**
 * A batched test's failures, as its own query would count them, from its aggregate's value;
 * undefined when only its own query can count them (a screen that found some).
 */
export function batchedFailures(aggregate: FailureAggregate, limit: number | undefined, counted: number): number | undefined {
  if (aggregate.kind === 'screen') return counted === 0 ? 0 : undefined;
  return Math.min(counted, limit ?? counted);
}

export class TestBatches {
  private readonly batchOf = new Map<string, TestBatch>();
  private readonly counted = new Map<TestBatch, Promise<ReadonlyMap<string, number> | undefined>>();

  /** `read` applies to the batch's query what the tests' queries get (the run's view snapshots). */
  constructor(
    private readonly engine: Engine,
    phase: TestPhase,
    private readonly read: (sql: string) => string,
    members: readonly BatchMember[],
  ) {
    const rowsOf = (aggregate: FailureAggregate, test: PlanTest): string | undefined => {
      const narrowed = phase.narrowed.get(test.id);
      if (narrowed !== undefined) return narrowed.aggregateFrom;
      return phase.kind === 'audit' ? aggregate.auditFrom : aggregate.from;
    };
    for (const batch of groupBatches(members, rowsOf)) for (const test of batch.tests) this.batchOf.set(test.id, batch);
  }

  /** The test's check; `sql` is its query as it would run alone (the phase's, read through `read`). */
  async check(test: PlanTest, sql: string): Promise<TestCheck> {
    const batch = this.batchOf.get(test.id);
    const aggregate = test.failureAggregate;
    if (batch === undefined || aggregate === undefined) return checkTest(this.engine, sql, test);
    const counted = (await this.counts(batch))?.get(test.id);
    const failures = counted === undefined ? undefined : batchedFailures(aggregate, test.limit, counted);
    return failures === undefined ? checkTest(this.engine, sql, test) : judgeCount(this.engine, sql, test, failures);
  }

  /** The first test of a batch to be checked counts the batch; the others wait for its counts. */
  private counts(batch: TestBatch): Promise<ReadonlyMap<string, number> | undefined> {
    let counts = this.counted.get(batch);
    if (counts === undefined) {
      counts = this.count(batch);
      this.counted.set(batch, counts);
    }
    return counts;
  }

  /** Undefined when the query fails: each test then runs alone and reports its own error, if it has one. */
  private async count(batch: TestBatch): Promise<ReadonlyMap<string, number> | undefined> {
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
