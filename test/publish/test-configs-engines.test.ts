/**
 * dbt's warn_if, error_if, limit and store_failures, judged the same way by the local runner
 * (lib/runner/test-check.ts) and by the pipeline's QualityChecks statements
 * (auditCheckStatements), on DuckDB, Postgres (PGlite) and Redshift through the local Data API
 * endpoint. A stored-failures table is replaced by each run: a fixed test leaves it empty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTableStatements } from '../../lib/audit/audit-tables.ts';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';
import type { PlanTest } from '../../lib/plan/plan.ts';
import { auditCheckStatements } from '../../lib/publish/audit-checks.ts';
import { checkTest } from '../../lib/runner/test-check.ts';
import { useEndpointEngine } from '../engines/redshift-data/endpoint-engine.ts';
import { planTest } from '../runner/plan-builder.ts';

const NEGATIVE = 'select deal_id, amount from analytics.deals where amount < 0';
const STORED = { schema: 'analytics_dbt_test__audit', name: 'assert_no_negative_amounts' };

function negativeAmounts(config: Partial<PlanTest> = {}): PlanTest {
  return { ...planTest('assert_no_negative_amounts', { attachedTo: 'model.crm.deals', sql: NEGATIVE }), ...config };
}

async function setUp(engine: Engine): Promise<void> {
  for (const statement of auditTableStatements()) await engine.execute(statement);
  await engine.execute('create schema if not exists analytics');
  await engine.execute('drop table if exists analytics.deals');
  await engine.execute('create table analytics.deals (deal_id integer, amount integer)');
  await engine.execute('insert into analytics.deals values (1, 10), (2, -5), (3, -7), (4, -1)');
}

async function storedRows(engine: Engine): Promise<number[]> {
  const rows = await engine.query(`select deal_id from "${STORED.schema}"."${STORED.name}" order by deal_id`);
  return rows.map((row) => Number(row.deal_id));
}

function judged(open: () => Engine): void {
  it.each([
    ['fails on any failure by default', {}, 'fail', 'Got 3 results, configured to fail if != 0'],
    ['warns below error_if', { errorIf: { operator: '>', value: 5 } }, 'warn', 'Got 3 results, configured to warn if != 0'],
    ['fails at error_if', { errorIf: { operator: '>=', value: 3 } }, 'fail', 'Got 3 results, configured to fail if >= 3'],
    ['passes below warn_if and error_if', { errorIf: { operator: '>', value: 10 }, warnIf: { operator: '>', value: 3 } }, 'pass', undefined],
    ['ignores error_if on a warn-severity test', { severity: 'warn', errorIf: { operator: '>', value: 0 } }, 'warn', 'Got 3 results, configured to warn if != 0'],
  ] as const)('%s', async (_, config, status, message) => {
    const check = await checkTest(open(), NEGATIVE, negativeAmounts(config as Partial<PlanTest>));
    expect([check.status, check.failures, check.message]).toEqual([status, 3, message]);
  });

  it('counts at most limit failing rows', async () => {
    const check = await checkTest(open(), NEGATIVE, negativeAmounts({ limit: 2, errorIf: { operator: '>', value: 2 } }));
    expect([check.status, check.failures]).toEqual(['warn', 2]);
  });

  it('stores the failing rows, up to limit, and replaces them on the next run', async () => {
    const engine = open();
    const check = await checkTest(engine, NEGATIVE, negativeAmounts({ storeFailuresIn: STORED }));
    expect([check.status, check.failures, check.sample.length]).toEqual(['fail', 3, 3]);
    expect(await storedRows(engine)).toEqual([2, 3, 4]);
    await checkTest(engine, NEGATIVE, negativeAmounts({ storeFailuresIn: STORED, limit: 1 }));
    expect(await storedRows(engine)).toHaveLength(1);
    const fixed = await checkTest(engine, `${NEGATIVE} and deal_id > 4`, negativeAmounts({ storeFailuresIn: STORED }));
    expect(fixed.status).toBe('pass');
    expect(await storedRows(engine)).toEqual([]);
  });

  it('runs the pipeline check statements to the same verdicts, storing the failures', async () => {
    const engine = open();
    const run = { runId: `r-${engine.target}`, checkedAt: new Date('2026-11-24T03:00:00.000Z') };
    const tests: PlanTest[] = [
      { ...negativeAmounts({ storeFailuresIn: STORED, limit: 2 }), id: 'test.crm.limited', name: 'limited' },
      { ...negativeAmounts({ errorIf: { operator: '>', value: 5 } }), id: 'test.crm.warned', name: 'warned' },
      { ...negativeAmounts({ errorIf: { operator: '>', value: 10 }, warnIf: { operator: '>=', value: 4 } }), id: 'test.crm.passed', name: 'passed' },
      { ...negativeAmounts({ severity: 'warn', warnIf: { operator: '=', value: 3 } }), id: 'test.crm.exactly', name: 'exactly' },
    ];
    for (const test of tests) await engine.transaction(auditCheckStatements(run, test, test.sql));
    const verdicts = await engine.query(`select test_name, status, failures from audit.check_results where run_id = '${run.runId}' order by test_name`);
    expect(verdicts.map((row) => [row.test_name, row.status, Number(row.failures)])).toEqual([
      ['exactly', 'warn', 3],
      ['limited', 'fail', 2],
      ['passed', 'pass', 3],
      ['warned', 'warn', 3],
    ]);
    expect(await storedRows(engine)).toHaveLength(2);
  });
}

describe('test configs on DuckDB', () => {
  let engine: DuckDbEngine;
  beforeAll(async () => {
    engine = await DuckDbEngine.open({ path: ':memory:' });
    await setUp(engine);
  });
  afterAll(async () => engine.close());
  judged(() => engine);
});

describe('test configs on Postgres (PGlite)', () => {
  let engine: PgliteEngine;
  beforeAll(async () => {
    engine = await PgliteEngine.open();
    await setUp(engine);
  }, 60_000);
  afterAll(async () => engine.close());
  judged(() => engine);
});

describe('test configs on Redshift through the local Data API endpoint', () => {
  const engine = useEndpointEngine(setUp);
  judged(engine);
});
