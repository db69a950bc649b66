/**
 * dbt's source freshness settings in sources.yml: `loaded_at_field` and `freshness:` on a source or a
 * table (the table's win; `freshness: null` switches the source's off), validated like every other
 * key: a misspelt key, a bad period or count, a missing or unknown loaded_at_field each name their
 * file and YAML place.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../lib/project/compile.ts';
import { ProjectErrors } from '../../lib/project/errors.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { layeredProjectYml, TempProjects } from './temp-project.ts';

const PROJECT_YML = layeredProjectYml({ run_date: '2026-11-24' });

const projects = new TempProjects('freshness-config');
afterAll(() => projects.removeAll());

async function projectWith(sourcesYml: string): Promise<string> {
  return projects.write({ 'sql/project.yml': PROJECT_YML, 'sql/sources.yml': sourcesYml });
}

async function loadErrors(sourcesYml: string): Promise<string[]> {
  try {
    await loadProject(await projectWith(sourcesYml));
  } catch (error) {
    if (error instanceof ProjectErrors) return error.errors.map((problem) => problem.message);
    throw error;
  }
  throw new Error('expected the project to fail to load');
}

const source = (sourceKeys: string, tables: string): string => `version: 2
sources:
  - name: crm
    schema: raw
${sourceKeys}
    tables:
${tables}`;

describe('source freshness settings', () => {
  it('reach the plan, the table overriding the source and freshness: null switching it off', async () => {
    const root = await projectWith(
      source(
        `    loaded_at_field: _ingest_date
    freshness:
      warn_after: { count: 1, period: day }
      error_after: { count: 2, period: day }`,
        `      - name: deals
      - name: accounts
        loaded_at_field: updated_at
        freshness:
          warn_after: { count: 12, period: hour }
        columns:
          - { name: updated_at, data_type: timestamp }
      - name: products
        freshness: null`,
      ),
    );
    const plan = compileProject(await loadProject(root), { target: 'duckdb' });
    expect(Object.fromEntries(plan.sources.map((entry) => [entry.id, entry.freshness]))).toEqual({
      'source.crm.deals': { loadedAtField: '_ingest_date', warnAfter: { count: 1, period: 'day' }, errorAfter: { count: 2, period: 'day' } },
      'source.crm.accounts': { loadedAtField: 'updated_at', warnAfter: { count: 12, period: 'hour' } },
      'source.crm.products': undefined,
    });
  });

  it('a misspelt key, with the key it meant', async () => {
    expect(
      await loadErrors(
        source(
          `    loaded_at_field: _ingest_date
    freshness:
      warn_afer: { count: 1, period: day }`,
          '      - name: deals',
        ),
      ),
    ).toEqual(["sql/sources.yml: sources[0].freshness: unknown freshness key 'warn_afer'; did you mean 'warn_after'?"]);
    expect(await loadErrors(source('    loaded_at_feild: _ingest_date', '      - name: deals'))).toEqual([
      "sql/sources.yml: sources[0]: unknown key 'loaded_at_feild'; did you mean 'loaded_at_field'?",
    ]);
  });

  it('a period dbt does not have, a count that is not a whole number of at least 1, a misspelt threshold key', async () => {
    expect(
      await loadErrors(
        source(
          '    loaded_at_field: _ingest_date',
          `      - name: deals
        freshness:
          warn_after: { count: 1, period: week }
          error_after: { count: 0.5, period: day }
      - name: orders
        freshness:
          error_after: { cuont: 2, period: day }`,
        ),
      ),
    ).toEqual([
      "sql/sources.yml: sources[0].tables[0].freshness.warn_after.period: unknown period 'week' (one of minute, hour, day)",
      'sql/sources.yml: sources[0].tables[0].freshness.error_after.count: expected a whole number, got 0.5',
      "sql/sources.yml: sources[0].tables[1].freshness.error_after: missing 'count'",
      "sql/sources.yml: sources[0].tables[1].freshness.error_after: unknown threshold key 'cuont'; did you mean 'count'?",
    ]);
    expect(
      await loadErrors(source('    loaded_at_field: _ingest_date', '      - name: deals\n        freshness: { warn_after: { count: 0, period: hour } }')),
    ).toEqual(['sql/sources.yml: sources[0].tables[0].freshness.warn_after.count: expected a whole number of at least 1']);
  });

  it('freshness without a threshold, or without a loaded_at_field anywhere', async () => {
    expect(await loadErrors(source('    loaded_at_field: _ingest_date', '      - name: deals\n        freshness: {}'))).toEqual([
      'sql/sources.yml: sources[0].tables[0].freshness: freshness needs warn_after or error_after (or freshness: null to check nothing)',
    ]);
    expect(await loadErrors(source('    freshness: { warn_after: { count: 1, period: day } }', '      - name: deals'))).toEqual([
      'sql/sources.yml: sources[0].tables[0]: freshness (at sql/sources.yml: sources[0].freshness) needs a loaded_at_field on the table or its source',
    ]);
  });

  it('a loaded_at_field that is not a column, with the closest one, or not a date or timestamp', async () => {
    const tables = `      - name: deals
        columns:
          - { name: updated_at, data_type: timestamp }
          - { name: deal_name, data_type: varchar }`;
    expect(await loadErrors(source('    loaded_at_field: _ingest_dat\n    freshness: { error_after: { count: 2, period: day } }', tables))).toEqual([
      "sql/sources.yml: sources[0].loaded_at_field: loaded_at_field '_ingest_dat' is not a column of crm.deals; did you mean '_ingest_date'?",
    ]);
    expect(
      await loadErrors(source('    freshness: { error_after: { count: 2, period: day } }', `${tables}\n        loaded_at_field: deal_name`)),
    ).toEqual(["sql/sources.yml: sources[0].tables[0].loaded_at_field: loaded_at_field 'deal_name' is a varchar column of crm.deals; freshness needs a date or timestamp"]);
  });
});
