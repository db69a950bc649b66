/**
 * dbt's warn_if, error_if, limit and store_failures as a project writes them: under a generic
 * test's `config:` (or beside its arguments, dbt's legacy spelling) and in a singular test's
 * `{{ config() }}`, compiled into the plan; a bad value is an error naming its place.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../lib/project/compile.ts';
import { ProjectErrors } from '../../lib/project/errors.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { compareWithState } from '../../lib/project/state-comparison.ts';
import { formatFailureCondition, parseFailureCondition } from '../../lib/project/test-config.ts';
import { storeFailuresRelation } from '../../lib/project/test-names.ts';
import { removeProjects, writeProject } from './unit-test-project.ts';

afterAll(removeProjects);

function schemaWith(dealIdTests: string): string {
  return `version: 2
models:
  - name: fact_deals
    columns:
      - name: deal_id
        tests:
${dealIdTests}
`;
}

const SINGULAR = `{{ config(severity='warn', warn_if='>10', limit=100, store_failures=true) }}
select * from {{ ref('fact_deals') }} where double_amount < 0
`;

async function compiled(files: Record<string, string>) {
  return compileProject(await loadProject(await writeProject(files)), { target: 'duckdb' });
}

async function loadErrors(files: Record<string, string>): Promise<string[]> {
  try {
    await compiled(files);
  } catch (error) {
    if (error instanceof ProjectErrors) return error.errors.map((problem) => problem.message);
    throw error;
  }
  throw new Error('expected the project to be rejected');
}

describe('failure conditions', () => {
  it.each([
    ['>0', '> 0'],
    ['!=0', '!= 0'],
    ['<> 0', '!= 0'],
    [' >= 10 ', '>= 10'],
    ['=5', '= 5'],
    ['==5', '= 5'],
    ['<3', '< 3'],
  ])('reads %j', (written, formatted) => {
    const condition = parseFailureCondition(written);
    expect(condition === undefined ? undefined : formatFailureCondition(condition)).toBe(formatted);
  });

  it.each(['', '10', '> ten', '>-1', '> 1.5', 'between 1 and 2', '>>1'])('rejects %j', (written) => {
    expect(parseFailureCondition(written)).toBeUndefined();
  });
});

describe('test configs in the project', () => {
  it('compiles config: and legacy configs of generic tests, and config() of singular tests, into the plan', async () => {
    const plan = await compiled({
      'sql/facts/schema.yml': schemaWith(`          - unique: { config: { warn_if: ">0", error_if: ">=10", limit: 50, store_failures: true } }
          - not_null: { error_if: "!=0", store_failures: false }`),
      'sql/tests/assert_no_negative_doubles.sql': SINGULAR,
    });
    const byName = new Map(plan.tests.map((test) => [test.name, test]));
    const unique = byName.get('unique_fact_deals_deal_id');
    expect([unique?.warnIf, unique?.errorIf, unique?.limit, unique?.storeFailuresIn]).toEqual([
      { operator: '>', value: 0 },
      { operator: '>=', value: 10 },
      50,
      { schema: 'analytics_dbt_test__audit', name: 'unique_fact_deals_deal_id' },
    ]);
    const notNull = byName.get('not_null_fact_deals_deal_id');
    expect([notNull?.errorIf, notNull?.storeFailuresIn, notNull?.limit]).toEqual([{ operator: '!=', value: 0 }, undefined, undefined]);
    const singular = byName.get('assert_no_negative_doubles');
    expect([singular?.severity, singular?.warnIf, singular?.limit, singular?.storeFailuresIn]).toEqual([
      'warn',
      { operator: '>', value: 10 },
      100,
      { schema: 'analytics_dbt_test__audit', name: 'assert_no_negative_doubles' },
    ]);
  });

  it('reports a bad condition, limit or store_failures at its place', async () => {
    const P = 'sql/facts/schema.yml: models[0].columns[0].tests';
    expect(
      await loadErrors({
        'sql/facts/schema.yml': schemaWith(`          - unique: { config: { warn_if: "more than 10" } }
          - not_null: { error_if: ">1.5", limit: 0 }
          - unique: { config: { store_failures: "yes" } }
          - not_null: { config: { limit: 5 }, limit: 6 }`),
      }),
    ).toEqual([
      `${P}[0].unique.config.warn_if: expected a comparison of the failure count such as '>0', '!=0' or '>=10', got 'more than 10'`,
      `${P}[1].not_null.error_if: expected a comparison of the failure count such as '>0', '!=0' or '>=10', got '>1.5'`,
      `${P}[1].not_null.limit: must be at least 1`,
      `${P}[2].unique.config.store_failures: expected true or false, got 'yes'`,
      `${P}[3].not_null.limit: 'limit' is also given under config; keep one`,
    ]);
  });

  it("reports a bad config() of a singular test at the config's line", async () => {
    expect(
      await loadErrors({
        'sql/tests/assert_no_negative_doubles.sql': `-- negative doubles
{{ config(error_if='lots', store_failures=1) }}
select * from {{ ref('fact_deals') }} where double_amount < 0
`,
      }),
    ).toEqual([
      "sql/tests/assert_no_negative_doubles.sql:2: config error_if: expected a comparison of the failure count such as '>0', '!=0' or '>=10', got 'lots'",
      'sql/tests/assert_no_negative_doubles.sql:2: config store_failures: expected true or false, got 1',
    ]);
  });
});

describe('state:modified.configs', () => {
  it('marks a test whose warn_if, error_if, limit or store_failures changed, not one whose SQL alone is the same', async () => {
    const before = await compiled({ 'sql/facts/schema.yml': schemaWith('          - unique\n          - not_null\n          - accepted_values: { values: [a] }') });
    const after = await compiled({
      'sql/facts/schema.yml': schemaWith('          - unique: { config: { error_if: ">5" } }\n          - not_null: { config: { store_failures: true } }\n          - accepted_values: { values: [a] }'),
    });
    expect([...compareWithState(after, before)['modified.configs']].filter((id) => id.startsWith('test.')).sort()).toEqual([
      'test.crm.not_null_fact_deals_deal_id',
      'test.crm.unique_fact_deals_deal_id',
    ]);
  });

  it("does not mark a test that stores its failures when only the target's schemas differ", async () => {
    const files = { 'sql/facts/schema.yml': schemaWith('          - not_null: { config: { store_failures: true } }') };
    const production = await compiled(files);
    const prefixed: typeof production = {
      ...production,
      tests: production.tests.map((test) => (test.storeFailuresIn === undefined ? test : { ...test, storeFailuresIn: { ...test.storeFailuresIn, schema: `ci_${test.storeFailuresIn.schema}` } })),
    };
    expect([...compareWithState(prefixed, production)['modified.configs']]).toEqual([]);
  });
});

describe('where failures are stored', () => {
  it('names a table after the test beside the schema of what it tests', () => {
    expect(storeFailuresRelation('not_null_fact_deals_deal_id', 'alice_analytics')).toEqual({ schema: 'alice_analytics_dbt_test__audit', name: 'not_null_fact_deals_deal_id' });
  });

  it('keeps a long name within an identifier, distinct from a name sharing its start', () => {
    const long = `accepted_values_fact_deals_stage__${'prospecting__'.repeat(8)}`;
    const first = storeFailuresRelation(`${long}a`, 'analytics');
    const second = storeFailuresRelation(`${long}b`, 'analytics');
    expect(first.name).toHaveLength(63);
    expect(first.name.startsWith('accepted_values_fact_deals_stage__prospecting')).toBe(true);
    expect(first.name).not.toBe(second.name);
  });
});
