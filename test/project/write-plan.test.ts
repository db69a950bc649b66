import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLAN_VERSION, type Plan, type PlanModel, type PlanTest } from '../../lib/plan/plan.ts';
import { ProjectError } from '../../lib/project/errors.ts';
import { readPlan, writePlan } from '../../lib/project/write-plan.ts';

function model(name: string, folder: string): PlanModel {
  return {
    id: `model.crm.${name}`,
    name,
    path: `sql/${folder}/${name}.sql`,
    layer: 'facts',
    relation: { schema: 'analytics', name },
    config: { materialized: 'table', tags: [] },
    columns: [],
    dependsOn: { models: [], sources: [] },
    sql: `select 1 as ${name}_id`,
    checksum: '0',
  };
}

function test(name: string): PlanTest {
  return {
    id: `test.crm.${name}`,
    name,
    kind: 'generic',
    testName: 'not_null',
    severity: 'error',
    attachedTo: 'model.crm.fact_deals',
    dependsOn: { models: ['model.crm.fact_deals'], sources: [] },
    path: 'sql/facts/schema.yml',
    sql: `select * from analytics.fact_deals where ${name} is null`,
  };
}

function plan(models: PlanModel[], tests: PlanTest[]): Plan {
  return { planVersion: PLAN_VERSION, layers: [{ name: 'staging', schema: 'staging' }, { name: 'dimensions', schema: 'analytics' }, { name: 'facts', schema: 'analytics' }, { name: 'marts', schema: 'marts' }], project: 'crm', target: 'duckdb', vars: { run_date: '2026-11-24' }, sources: [], models, tests, exposures: [] };
}

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as { name: string; parentPath: string; isFile(): boolean }[])
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

let target: string;
beforeEach(() => {
  target = mkdtempSync(join(tmpdir(), 'write-plan-'));
});
afterEach(() => {
  rmSync(target, { recursive: true, force: true });
});

describe('writePlan', () => {
  it('writes the manifest and each compiled model and test under compiled/<project>/', async () => {
    const written = plan([model('stg_crm_deals', 'staging'), model('fact_deals', 'facts')], [test('not_null_fact_deals_deal_id')]);

    await writePlan(written, target);

    expect(filesUnder(target)).toEqual([
      'compiled/crm/facts/fact_deals.sql',
      'compiled/crm/staging/stg_crm_deals.sql',
      'compiled/crm/tests/not_null_fact_deals_deal_id.sql',
      'manifest.json',
    ]);
    expect(readFileSync(join(target, 'compiled/crm/facts/fact_deals.sql'), 'utf8')).toBe('select 1 as fact_deals_id\n');
    expect(readFileSync(join(target, 'compiled/crm/tests/not_null_fact_deals_deal_id.sql'), 'utf8')).toBe(
      'select * from analytics.fact_deals where not_null_fact_deals_deal_id is null\n',
    );
    expect(readFileSync(join(target, 'manifest.json'), 'utf8')).toBe(`${JSON.stringify(written, null, 2)}\n`);
  });

  it('removes compiled files and folders left from an earlier compile, and keeps other target files', async () => {
    await writePlan(plan([model('stg_crm_deals', 'staging'), model('fact_deals', 'facts')], [test('old_test')]), target);
    writeFileSync(join(target, 'warehouse.duckdb'), 'keep me');

    await writePlan(plan([model('fact_deals', 'facts')], [test('new_test')]), target);

    expect(filesUnder(target)).toEqual(['compiled/crm/facts/fact_deals.sql', 'compiled/crm/tests/new_test.sql', 'manifest.json', 'warehouse.duckdb']);
    expect(existsSync(join(target, 'compiled/crm/staging'))).toBe(false);
  });

  it('writes an empty plan', async () => {
    await writePlan(plan([], []), target);
    expect(filesUnder(target)).toEqual(['manifest.json']);
  });
});

describe('readPlan', () => {
  it('reads back what writePlan wrote', async () => {
    const written = plan([model('fact_deals', 'facts')], [test('t')]);
    await writePlan(written, target);
    expect(readPlan(join(target, 'manifest.json'))).toEqual(written);
  });

  function readError(path: string): string {
    try {
      readPlan(path);
    } catch (error) {
      expect(error).toBeInstanceOf(ProjectError);
      return (error as Error).message;
    }
    throw new Error('expected a ProjectError');
  }

  it('says to compile when there is no manifest', () => {
    const path = join(target, 'manifest.json');
    expect(readError(path)).toBe(`${path}: no plan here; run 'crm-warehouse compile' first`);
  });

  it('refuses a plan of another version', () => {
    const path = join(target, 'manifest.json');
    writeFileSync(path, JSON.stringify({ ...plan([], []), planVersion: 99 }));
    expect(readError(path)).toBe(`${path}: plan version 99 but this crm-warehouse reads version ${PLAN_VERSION}; recompile with 'crm-warehouse compile'`);
  });

  it('refuses a file that is not a plan', () => {
    const path = join(target, 'manifest.json');
    writeFileSync(path, '{"nodes": {}}');
    expect(readError(path)).toBe(`${path}: not a plan: no planVersion`);
    writeFileSync(path, '{not json');
    expect(readError(path)).toMatch(new RegExp(`^${path}: not a plan: .*JSON`));
  });
});
