/**
 * Each built-in test's failure aggregate counts exactly the rows its query returns, on DuckDB,
 * Postgres and Redshift (the local Data API endpoint), over rows with NULLs, duplicates, values outside the list and range, a `where`, and an
 * empty relation; `unique`'s screen is 0 exactly when its query returns nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';
import { useEndpointEngine } from '../engines/redshift-data/endpoint-engine.ts';
import { genericTestSql } from '../../lib/project/generic-tests.ts';
import type { GenericTestName, GenericTestSpec } from '../../lib/project/project.ts';
import { failureAggregate } from '../../lib/project/test-failure-aggregates.ts';

function spec(testName: GenericTestName, column: string | undefined, args: Record<string, unknown> = {}, where?: string): GenericTestSpec {
  return { testName, column, severity: 'error', where, args, origin: { path: 'sql/facts/schema.yml', yamlPath: 'models[0].columns[1].tests[0]' } };
}

const deals = { schema: 'analytics', name: 'deals' };
const nothing = { schema: 'analytics', name: 'nothing' };

const COUNTED: readonly [string, GenericTestSpec][] = [
  ['not_null', spec('not_null', 'deal_id')],
  ['not_null with a where', spec('not_null', 'deal_id', {}, "region = 'eu'")],
  ['expression_is_true on a column', spec('expression_is_true', 'amount', { expression: '>= 0' })],
  ['expression_is_true on the model, NULL for some rows', spec('expression_is_true', undefined, { expression: 'probability <= 100 and amount >= 0' })],
  ['accepted_range, inclusive', spec('accepted_range', 'probability', { min_value: 0, max_value: 100 })],
  ['accepted_range, exclusive, one bound', spec('accepted_range', 'amount', { min_value: 0, inclusive: false })],
  ['accepted_values, a value failing on two rows', spec('accepted_values', 'stage', { values: ['prospecting', 'negotiation', 'closed_won'] })],
  ['accepted_values unquoted, with a where', spec('accepted_values', 'probability', { values: [10, 50], quote: false }, "region = 'eu'")],
  ['not_empty', spec('not_empty', undefined)],
];

async function withRows(engine: Engine): Promise<Engine> {
  await engine.execute('create schema analytics');
  await engine.execute(
    'create table analytics.deals (deal_id varchar(10), stage varchar(20), amount decimal(18,2), probability integer, region varchar(10))',
  );
  await engine.execute(`insert into analytics.deals values
    ('D1', 'prospecting', 100, 10, 'eu'),
    ('D2', 'won', 200, 50, 'eu'),
    ('D2', 'closed_won', -5, 150, 'us'),
    (null, null, null, null, 'us'),
    ('D3', 'lost', 300, 100, 'us'),
    ('D3', 'lost', 0, 0, 'eu'),
    ('D4', 'won', 0, 40, 'eu')`);
  await engine.execute('create table analytics.nothing (deal_id varchar(10), stage varchar(20), amount decimal(18,2), probability integer, region varchar(10))');
  return engine;
}

describe('failure aggregates on DuckDB', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await withRows(await DuckDbEngine.open({ path: ':memory:', threads: 1 }));
  });
  afterAll(async () => engine.close());
  countsAsTheQuery(() => engine);
});

describe('failure aggregates on Postgres (PGlite)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await withRows(await PgliteEngine.open());
  }, 60_000);
  afterAll(async () => engine.close());
  countsAsTheQuery(() => engine);
});

describe('failure aggregates on Redshift through the local Data API endpoint', () => {
  countsAsTheQuery(useEndpointEngine(async (engine) => void (await withRows(engine))));
});

function countsAsTheQuery(opened: () => Engine): void {
  async function counts(test: GenericTestSpec, tested: { schema: string; name: string }): Promise<{ rows: number; aggregate: number }> {
    const engine = opened();
    const relations = { target: engine.target, tested, audited: false };
    const aggregate = failureAggregate(test, relations);
    if (aggregate === undefined) throw new Error(`${test.testName} has no aggregate`);
    const sql = genericTestSql(test, { target: engine.target, tested: `${tested.schema}.${tested.name}` });
    const [counted] = await engine.query(`select count(*) as n from (${sql}) failing_rows`);
    const [aggregated] = await engine.query(`select ${aggregate.expression} as n from ${aggregate.from}`);
    return { rows: Number(counted?.n), aggregate: Number(aggregated?.n) };
  }

  it.each(COUNTED)('%s: the aggregate is the number of failing rows, on rows and on an empty relation', async (_case, test) => {
    expect(failureAggregate(test, { target: opened().target, tested: deals, audited: false })?.kind).toBe('count');
    const onRows = await counts(test, deals);
    expect(onRows.aggregate).toBe(onRows.rows);
    const onNothing = await counts(test, nothing);
    expect(onNothing.aggregate).toBe(onNothing.rows);
  });

  it('the cases fail on some rows and pass on others, so the equality above is not 0 = 0', async () => {
    const failing = await Promise.all(COUNTED.map(async ([, test]) => (await counts(test, deals)).rows));
    expect(failing).toEqual([1, 0, 1, 1, 1, 3, 2, 2, 0]);
    expect((await counts(spec('not_empty', undefined), nothing)).rows).toBe(1);
  });

  it("unique's screen is 0 exactly when its query returns no duplicated value", async () => {
    const duplicated = await counts(spec('unique', 'deal_id'), deals);
    expect(duplicated.rows).toBe(2);
    expect(duplicated.aggregate).not.toBe(0);
    const distinct = await counts(spec('unique', 'deal_id', {}, "region = 'us'"), deals);
    expect(distinct).toEqual({ rows: 0, aggregate: 0 });
    expect(await counts(spec('unique', 'deal_id'), nothing)).toEqual({ rows: 0, aggregate: 0 });
  });
}

describe('failureAggregate', () => {
  it('reads the relation and, for a test on a model, its write-audit-publish build, both narrowed by the where', () => {
    const aggregate = failureAggregate(spec('not_null', 'deal_id', {}, "region = 'eu'"), { target: 'redshift', tested: deals, audited: true });
    expect(aggregate).toEqual({
      from: `(select * from "analytics"."deals" where region = 'eu') dbt_subquery`,
      auditFrom: `(select * from "analytics"."deals__wap" where region = 'eu') dbt_subquery`,
      expression: 'count(case when deal_id is null then 1 end)',
      kind: 'count',
    });
    expect(failureAggregate(spec('not_null', 'deal_id'), { target: 'duckdb', tested: deals, audited: false })).toEqual({
      from: 'analytics.deals',
      expression: 'count(case when deal_id is null then 1 end)',
      kind: 'count',
    });
  });

  it('quotes accepted values the target way, as the test query does', () => {
    const test = spec('accepted_values', 'region', { values: ['eu\\'] });
    expect(failureAggregate(test, { target: 'redshift', tested: deals, audited: false })?.expression).toContain("not in ('eu\\\\')");
    expect(failureAggregate(test, { target: 'postgres', tested: deals, audited: false })?.expression).toContain("not in ('eu\\')");
  });

  it('leaves to their query the tests that group rows or read a second relation', () => {
    const none = [
      spec('relationships', 'account_id', { to: "ref('dim_accounts')", field: 'account_id' }),
      spec('unique_combination_of_columns', undefined, { combination_of_columns: ['deal_id', 'stage'] }),
      spec('not_null_proportion', 'amount', { at_least: 0.5 }),
      spec('expect_column_values_to_match_regex', 'stage', { regex: '^[a-z]+$' }),
    ];
    for (const test of none) expect(failureAggregate(test, { target: 'duckdb', tested: deals, audited: false })).toBeUndefined();
  });
});
