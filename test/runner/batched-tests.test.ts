/**
 * The tests of one relation counted in one query (lib/runner/batched-tests.ts): each test's
 * result, audit row and sample are what it gets run alone, and a batch that cannot run falls
 * back to each test alone, so the broken test names its own error.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../lib/engines/engine.ts';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';
import type { Plan, PlanTest } from '../../lib/plan/plan.ts';
import { executePlan, type RunMode } from '../../lib/runner/execute-plan.ts';
import { incrementalEngines } from './incremental-engines.ts';
import { makePlan, modelId, openTestEngine, planModel, planTest, rawSource, selectAll, sourceId } from './plan-builder.ts';

const deals = `select * from (values (1, 'won', 100.0), (2, 'lost', 0.0), (3, 'won', 0.0), (3, 'open', -5.0), (null, 'won', 50.0))
  as t(deal_id, stage, amount)`;

/** A generic test of fact_deals whose failing rows match `failing`, counted in a batch by `expression`. */
function rowTest(name: string, failing: string, expression: string, extra: Partial<PlanTest> = {}): PlanTest {
  const test = planTest(name, {
    attachedTo: modelId('fact_deals'),
    sql: `select * from analytics.fact_deals where ${failing}`,
    auditSql: `select * from analytics.fact_deals__wap where ${failing}`,
  });
  return {
    ...test,
    kind: 'generic',
    failureAggregate: { from: 'analytics.fact_deals', auditFrom: 'analytics.fact_deals__wap', expression, kind: 'count' },
    ...extra,
  };
}

const duplicatedIds = rowTest('unique_deal_id', 'deal_id is not null group by deal_id having count(*) > 1', 'count(deal_id) - count(distinct deal_id)', {
  sql: 'select deal_id, count(*) as n from analytics.fact_deals where deal_id is not null group by deal_id having count(*) > 1',
  auditSql: 'select deal_id, count(*) as n from analytics.fact_deals__wap where deal_id is not null group by deal_id having count(*) > 1',
  failureAggregate: { from: 'analytics.fact_deals', auditFrom: 'analytics.fact_deals__wap', expression: 'count(deal_id) - count(distinct deal_id)', kind: 'screen' },
});

const notNull = rowTest('not_null_deal_id', 'deal_id is null', 'count(case when deal_id is null then 1 end)');
const positiveAmount = rowTest('positive_amount', 'not (amount > 0)', 'count(case when not (amount > 0) then 1 end)', { errorIf: { operator: '>', value: 5 } });
const knownStage = rowTest('known_stage', "stage not in ('won', 'lost', 'open')", "count(case when stage not in ('won', 'lost', 'open') then 1 end)");
// Four failing rows, counted up to its limit.
const limited = rowTest('not_open', "stage <> 'open'", "count(case when stage <> 'open' then 1 end)", { limit: 2 });
const TESTS: readonly PlanTest[] = [notNull, positiveAmount, knownStage, limited, duplicatedIds];
const asWarn = (tests: readonly PlanTest[]): PlanTest[] => tests.map((test) => ({ ...test, severity: 'warn' }));

/** Prefixes a read of a test's failing rows counted with a sample (Engine.countWithSample) in `recording`. */
const COUNTED_WITH_SAMPLE = 'count with sample: ';

/** Every query the run sends, as the engine receives it. */
function recording(engine: Engine, queries: string[]): Engine {
  return new Proxy(engine, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property === 'query') return async (sql: string) => (queries.push(sql), target.query(sql));
      if (property === 'countWithSample' && target.countWithSample !== undefined) {
        const countWithSample = target.countWithSample.bind(target);
        return async (sql: string, sampleSize: number) => (queries.push(`${COUNTED_WITH_SAMPLE}${sql}`), countWithSample(sql, sampleSize));
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The plan's tests as the compiler gives a project's own tests: no aggregate, so each runs alone. */
function unbatched(plan: Plan): Plan {
  return { ...plan, tests: plan.tests.map(({ failureAggregate: _aggregate, ...test }) => test) };
}

interface Outcome {
  readonly results: unknown[];
  readonly rows: unknown[];
  readonly queries: string[];
}

async function run(open: () => Promise<Engine>, plan: Plan, mode: RunMode = 'build'): Promise<Outcome> {
  const engine = await open();
  try {
    const queries: string[] = [];
    const result = await executePlan(recording(engine, queries), plan, { mode, runId: 'r', ...selectAll(plan) });
    const checks = await engine.query('select test_name, status, failures, sample, phase from audit.check_results order by test_name');
    // A sample is some failing rows in no defined order (DuckDB keeps a test counted alone in a heap, a batched one's by LIMIT).
    const rows = checks.map((row) => ({ ...row, sample: row.sample === null ? null : (JSON.parse(String(row.sample)) as unknown[]).map((sampled) => JSON.stringify(sampled)).sort() }));
    const results = result.results.map(({ name, status, failures, message, phase }) => ({ name, status, failures, message, phase }));
    return { results, rows, queries };
  } finally {
    await engine.close();
  }
}

const batchedQueries = (queries: readonly string[]): string[] => queries.filter((sql) => sql.includes(' as failures_0'));
const aloneCounts = (queries: readonly string[]): string[] => queries.filter((sql) => sql.startsWith('select count(*) as failures from') || sql.startsWith(COUNTED_WITH_SAMPLE));

describe.each([
  ['DuckDB', () => openTestEngine(1)],
  ['Postgres (PGlite)', () => PgliteEngine.open()],
] as const)('tests counted together on %s', (_name, open) => {
  it("counts a model's audit tests in one query, each judged, recorded and sampled as when it runs alone", async () => {
    const plan = makePlan([planModel('fact_deals', { sql: deals })], TESTS);

    const batched = await run(open, plan);
    const alone = await run(open, unbatched(plan));

    expect(batched.results).toEqual(alone.results);
    expect(batched.rows).toEqual(alone.rows);
    expect(batched.results.slice(1)).toEqual([
      { name: 'not_null_deal_id', status: 'fail', failures: 1, message: 'Got 1 result, configured to fail if != 0', phase: 'audit' },
      { name: 'positive_amount', status: 'warn', failures: 3, message: 'Got 3 results, configured to warn if != 0', phase: 'audit' },
      { name: 'known_stage', status: 'pass', failures: 0, message: undefined, phase: 'audit' },
      { name: 'not_open', status: 'fail', failures: 2, message: 'Got 2 results, configured to fail if != 0', phase: 'audit' },
      { name: 'unique_deal_id', status: 'fail', failures: 1, message: 'Got 1 result, configured to fail if != 0', phase: 'audit' },
    ]);
    // One scan for all five; the screen of unique found a duplicate, so its own query counts it.
    expect(batchedQueries(batched.queries)).toHaveLength(1);
    expect(aloneCounts(batched.queries)).toEqual([expect.stringContaining('group by deal_id')]);
    expect(aloneCounts(alone.queries)).toHaveLength(5);
    // Samples only for the tests that failed or warned; unique's, counted alone, comes with its count where the engine can.
    const countedWithSample = batched.queries.some((sql) => sql.startsWith(COUNTED_WITH_SAMPLE));
    expect(batched.queries.filter((sql) => sql.startsWith('select * from (')).length).toBe(countedWithSample ? 3 : 4);
  });

  it('answers a screen that finds nothing without running the test alone', async () => {
    const distinct = `select * from (values (1, 'open', 100.0), (2, 'open', 1.0)) as t(deal_id, stage, amount)`;
    const plan = makePlan([planModel('fact_deals', { sql: distinct })], TESTS);

    const { results, queries } = await run(open, plan);

    expect(results.slice(1).map((result) => (result as { status: string }).status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
    expect(batchedQueries(queries)).toHaveLength(1);
    expect(aloneCounts(queries)).toEqual([]);
  });

  it('counts the tests of a published relation together, in build and in test mode', async () => {
    const plan = makePlan([planModel('fact_deals', { sql: deals })], asWarn([notNull, positiveAmount, knownStage]));

    const built = await run(open, plan);
    expect(built.results.slice(1).map((result) => (result as { phase: string }).phase)).toEqual(['published', 'published', 'published']);
    expect(batchedQueries(built.queries)).toEqual([expect.stringMatching(/from analytics\.fact_deals$/)]);
    expect(built.results).toEqual((await run(open, unbatched(plan))).results);

    const engine = await open();
    try {
      await executePlan(engine, plan, { mode: 'run', runId: 'r0', ...selectAll(plan) });
      const queries: string[] = [];
      const tested = await executePlan(recording(engine, queries), plan, { mode: 'test', runId: 'r1', ...selectAll(plan) });
      expect(tested.results.map((result) => [result.name, result.status, result.failures])).toEqual([
        ['not_null_deal_id', 'warn', 1],
        ['positive_amount', 'warn', 3],
        ['known_stage', 'pass', 0],
      ]);
      expect(batchedQueries(queries)).toHaveLength(1);
    } finally {
      await engine.close();
    }
  });

  it("counts a source's tests together, before the models that read it", async () => {
    const onSource = (test: PlanTest): PlanTest => ({
      ...test,
      attachedTo: sourceId('deals'),
      dependsOn: { models: [], sources: [sourceId('deals')] },
      sql: test.sql.replace('analytics.fact_deals', 'raw.deals'),
      auditSql: undefined,
      failureAggregate: test.failureAggregate === undefined ? undefined : { ...test.failureAggregate, from: 'raw.deals', auditFrom: undefined },
    });
    const plan = makePlan([planModel('fact_deals', { sql: 'select * from raw.deals', sources: ['deals'] })], [notNull, knownStage].map(onSource), [rawSource('deals')]);
    const engine = await open();
    try {
      await engine.execute('create schema raw');
      await engine.execute(`create table raw.deals as ${deals}`);
      const queries: string[] = [];
      const result = await executePlan(recording(engine, queries), plan, { mode: 'build', runId: 'r', ...selectAll(plan) });

      expect(result.results.map((node) => [node.name, node.status, node.failures])).toEqual([
        ['not_null_deal_id', 'fail', 1],
        ['known_stage', 'pass', 0],
        ['fact_deals', 'skipped', undefined],
      ]);
      expect(batchedQueries(queries)).toEqual([expect.stringMatching(/from raw\.deals$/)]);
    } finally {
      await engine.close();
    }
  });

  it('runs each test alone when the batch fails, so the broken test reports its own error and the others their results', async () => {
    const broken = rowTest('broken', 'no_such_column is null', 'count(case when no_such_column is null then 1 end)');
    const plan = makePlan([planModel('fact_deals', { sql: deals })], [notNull, positiveAmount, knownStage, broken]);

    const { results, queries } = await run(open, plan);

    expect(batchedQueries(queries)).toHaveLength(1);
    expect(results.slice(1)).toEqual([
      expect.objectContaining({ name: 'not_null_deal_id', status: 'fail', failures: 1 }),
      expect.objectContaining({ name: 'positive_amount', status: 'warn', failures: 3 }),
      expect.objectContaining({ name: 'known_stage', status: 'pass', failures: 0 }),
      expect.objectContaining({ name: 'broken', status: 'error', failures: 0, message: expect.stringContaining('no_such_column') }),
    ]);
    expect(results[0]).toMatchObject({ name: 'fact_deals', status: 'error', message: expect.stringContaining('broken (test query failed)') });
  });

  it('leaves a test that stores its failures to its own query, which fills its table', async () => {
    const stored = rowTest('stored_nulls', 'deal_id is null', 'count(case when deal_id is null then 1 end)', {
      storeFailuresIn: { schema: 'analytics_test_failures', name: 'stored_nulls' },
    });
    const plan = makePlan([planModel('fact_deals', { sql: deals })], asWarn([positiveAmount, knownStage, stored]));

    const { results, queries } = await run(open, plan);

    expect(batchedQueries(queries)).toEqual([expect.not.stringContaining('deal_id is null')]);
    expect(aloneCounts(queries)).toEqual([expect.stringContaining('"analytics_test_failures"."stored_nulls"')]);
    expect(results.at(-1)).toMatchObject({ name: 'stored_nulls', status: 'warn', failures: 1 });
  });
});

describe.each(incrementalEngines)("an increment's tests counted together on %s", (_name, open) => {
  const increment = (tests: readonly PlanTest[]): Plan =>
    makePlan(
      [
        planModel('fact_deals', {
          sql: 'select deal_id, stage, amount from raw.deals',
          incrementalSql: 'select deal_id, stage, amount from raw.deals where deal_id > 3',
          materialized: 'incremental',
          uniqueKey: ['deal_id'],
          logicFingerprint: 'fact_deals logic',
        }),
      ],
      tests,
    );

  it('audits the merged increment in one batch, and when the batch fails, each test alone, the increment refused', async () => {
    const engine = await open();
    try {
      await engine.execute('create schema if not exists raw');
      await engine.execute('create table raw.deals (deal_id integer, stage varchar(10), amount decimal(18,2))');
      await engine.execute(`insert into raw.deals values (1, 'won', 100), (2, 'lost', 0), (3, 'open', 5)`);
      const good = [notNull, knownStage, positiveAmount];
      const build = async (plan: Plan, runId: string) => (await executePlan(engine, plan, { mode: 'build', runId, ...selectAll(plan) })).results;
      expect((await build(increment(good), 'r1'))[0]).toMatchObject({ status: 'success' });

      await engine.execute(`insert into raw.deals values (4, 'open', 7), (5, 'won', null)`);
      const broken = rowTest('broken', 'no_such_column is null', 'count(case when no_such_column is null then 1 end)');
      const refused = await build(increment([...good, broken]), 'r2');

      expect(refused.map(({ name, status, failures }) => [name, status, failures])).toEqual([
        ['fact_deals', 'error', undefined],
        ['not_null_deal_id', 'pass', 0],
        ['known_stage', 'pass', 0],
        ['positive_amount', 'warn', 1],
        ['broken', 'error', 0],
      ]);
      expect(refused[4]?.message).toContain('no_such_column');
      expect(await engine.query('select count(*) as n from analytics.fact_deals')).toEqual([{ n: 3 }]);

      const merged = await build(increment(good), 'r3');
      expect(merged.map(({ name, status, failures }) => [name, status, failures])).toEqual([
        ['fact_deals', 'success', undefined],
        ['not_null_deal_id', 'pass', 0],
        ['known_stage', 'pass', 0],
        ['positive_amount', 'warn', 1],
      ]);
      expect(merged[0]?.message).toContain('increment');
    } finally {
      await engine.close();
    }
  });
});
