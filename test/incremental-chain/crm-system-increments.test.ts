/**
 * A Salesforce or HubSpot project's incremental models on their hand-checked fixtures: the first
 * ingest day built, then both days built on it without --full-refresh, must hold the rows a full
 * build of both days holds. There landed_keys() gives every key, so each increment is the whole
 * table; what the second build tests is that a record the mapping dropped (deleted on day 2: an
 * account's deal, a task) leaves the incremental tables, which only their post_hooks do.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AUDIT_TABLES } from '../../lib/audit/audit-tables.ts';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { loadLanding } from '../../lib/engines/duckdb/raw-loader.ts';
import type { Plan } from '../../lib/plan/plan.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { compareWarehouses } from '../conformance/differential/compare-warehouses.ts';
import { differenceLines } from '../conformance/differential/difference-report.ts';
import { errorsOf } from '../models/warehouse-build.ts';
import { COMPARED_SCHEMAS } from './chain-harness.ts';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const RUN_DATE = '2026-03-10';
const FIRST_DAY = 'ingest_date=2026-03-08';
const workDirs: string[] = [];

afterAll(async () => {
  await Promise.all(workDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A landing folder holding the fixture's first ingest day; `landRest` lands the other days next to it. */
async function landFirstDay(fixture: string): Promise<{ dir: string; landRest: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'crm-system-increments-'));
  workDirs.push(dir);
  for (const table of await readdir(join(fixture, 'raw'))) {
    const day = join(fixture, 'raw', table, FIRST_DAY);
    if (existsSync(day)) await cp(day, join(dir, 'raw', table, FIRST_DAY), { recursive: true });
  }
  // The first day's files stay as they are, so the load skips them and the build may be an increment.
  return { dir, landRest: () => cp(join(fixture, 'raw'), join(dir, 'raw'), { recursive: true, force: false }) };
}

async function build(engine: DuckDbEngine, plan: Plan, landingDir: string, runId: string): Promise<void> {
  await loadLanding(engine, { landingDir, sources: plan.sources, runId, maxLoadErrors: 0 });
  const result = await executePlan(engine, plan, { mode: 'build', runId, modelIds: plan.models.map((model) => model.id), testIds: plan.tests.map((test) => test.id) });
  expect(errorsOf(result), runId).toEqual([]);
}

describe.each(['salesforce', 'hubspot'])('a %s project built day by day', (system) => {
  it('holds the rows of a full build in every staging, analytics, intermediate and marts relation', async () => {
    const fixture = fileURLToPath(new URL(`../fixtures/${system}-landing`, import.meta.url));
    const plan = compileProject(await loadProject(REPOSITORY), { target: 'duckdb', vars: { run_date: RUN_DATE, crm_source: system } });
    const daily = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    const full = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    try {
      const landing = await landFirstDay(fixture);
      await build(daily, plan, landing.dir, 'day-1');
      await landing.landRest();
      await build(daily, plan, landing.dir, 'day-2');
      await build(full, plan, fixture, 'full');
      const increments = await daily.query(`select model_id from ${AUDIT_TABLES.incrementalState} where run_id = 'day-2' and not full_refresh order by model_id`);
      expect(increments.map((row) => row.model_id)).toEqual(expect.arrayContaining(['model.crm.stg_crm_activities', 'model.crm.stg_crm_deals', 'model.crm.fact_activities']));
      // The mapping views carry each raw row's load time, which differs between the two warehouses.
      const mapping = `sql/staging/${system}/`;
      const compared = plan.models.filter((model) => (COMPARED_SCHEMAS as readonly string[]).includes(model.relation.schema) && !model.path.startsWith(mapping));
      const differences = await compareWarehouses(daily, full, { ...plan, models: compared }, { checkRunIds: ['day-2', 'full'] });
      expect(differenceLines(differences.filter((difference) => difference.kind !== 'check'), ['day by day', 'full build'])).toEqual([]);
    } finally {
      await Promise.all([daily.close(), full.close()]);
    }
  }, 120_000);
});
