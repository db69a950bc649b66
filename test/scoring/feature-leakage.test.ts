/**
 * No feature of mart_account_features reads the future. On a generated landing, every input of the model is
 * rewound to what was known when a snapshot began — records dated on or after it removed, a ticket resolved
 * or a deal closed later reopened, an account version begun later emptied and the one in effect reopened —
 * and the model, run again on the rewound inputs, must give that snapshot exactly the same rows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { loadLanding } from '../../lib/engines/duckdb/raw-loader.ts';
import { generateLanding } from '../../lib/generate/index.ts';
import type { Plan, PlanModel } from '../../lib/plan/plan.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { errorsOf, PROJECT_ROOT } from '../models/warehouse-build.ts';

const RUN_DATE = '2026-11-24';
const SNAPSHOTS = ['2025-06-01', '2026-01-01', '2026-08-01'];

/** What each input looked like when `snapshot` began. */
function rewoundInputs(snapshot: string): Record<string, string> {
  const at = `date '${snapshot}'`;
  return {
    dim_dates: 'select * from analytics.dim_dates',
    fact_orders: `select * from analytics.fact_orders where order_date < ${at}`,
    fact_activities: `select * from analytics.fact_activities where activity_date < ${at}`,
    fact_tickets: `select * replace (
        case when resolved_date >= ${at} then null else resolved_date end as resolved_date,
        case when resolved_date >= ${at} then null else resolution_hours end as resolution_hours,
        case when resolved_date >= ${at} then false else is_resolved end as is_resolved)
      from analytics.fact_tickets where created_date < ${at}`,
    fact_deals: `select * replace (
        case when closed_date >= ${at} then null else closed_date end as closed_date,
        case when closed_date >= ${at} then false else is_won end as is_won,
        case when closed_date >= ${at} then false else is_lost end as is_lost)
      from analytics.fact_deals where created_date < ${at}`,
    // A version begun later keeps only that its account exists, since when (created_at is dated then).
    dim_accounts_history: `select * replace (
        case when valid_from >= ${at} then null else account_category end as account_category,
        case when valid_from >= ${at} then null else revenue_segment end as revenue_segment,
        case when valid_to >= ${at} then null else valid_to end as valid_to,
        case when valid_to >= ${at} then false else ended_by_deletion end as ended_by_deletion)
      from analytics.dim_accounts_history`,
  };
}

let workDir: string;
let engine: DuckDbEngine;
let plan: Plan;
let features: PlanModel;

function ancestorsOf(model: PlanModel): Set<string> {
  const byId = new Map(plan.models.map((each) => [each.id, each]));
  const found = new Set<string>([model.id]);
  const pending = [...model.dependsOn.models];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (found.has(id)) continue;
    found.add(id);
    pending.push(...(byId.get(id)?.dependsOn.models ?? []));
  }
  return found;
}

/** The model's rows for `snapshot`, computed by `sql` (its compiled SELECT) over the rewound inputs. */
async function rowsOnRewoundInputs(sql: string, snapshot: string): Promise<string[]> {
  await engine.execute('drop schema if exists rewound cascade');
  await engine.execute('create schema rewound');
  for (const [table, select] of Object.entries(rewoundInputs(snapshot))) {
    await engine.execute(`create table rewound.${table} as ${select}`);
  }
  return rowsOf(`select * from (${sql.replaceAll('analytics.', 'rewound.')}) as rewound_features where snapshot_date = date '${snapshot}'`);
}

async function rowsOf(sql: string): Promise<string[]> {
  return (await engine.query(sql)).map((row) => JSON.stringify(row)).sort();
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'feature-leakage-'));
  await generateLanding({ outDir: workDir, scale: 0.02, days: 2, seed: 5, endDate: RUN_DATE });
  plan = compileProject(await loadProject(PROJECT_ROOT), { target: 'duckdb', vars: { run_date: RUN_DATE } });
  features = plan.models.find((model) => model.name === 'mart_account_features') as PlanModel;
  engine = await DuckDbEngine.open({ path: ':memory:', threads: 2 });
  await loadLanding(engine, { landingDir: workDir, sources: plan.sources, runId: 'leakage', maxLoadErrors: 100_000 });
  const wanted = ancestorsOf(features);
  const result = await executePlan(engine, plan, {
    mode: 'run',
    runId: 'leakage',
    modelIds: plan.models.filter((model) => wanted.has(model.id)).map((model) => model.id),
    testIds: [],
  });
  expect(errorsOf(result)).toEqual([]);
}, 240_000);

afterAll(async () => {
  await engine?.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('mart_account_features reads nothing dated on or after its snapshot', () => {
  it('reads exactly the inputs the rewind replaces', () => {
    expect([...features.dependsOn.models].sort()).toEqual(
      Object.keys(rewoundInputs(RUN_DATE)).map((name) => `model.crm.${name}`).sort(),
    );
  });

  it.each(SNAPSHOTS)('gives snapshot %s the same rows on inputs rewound to it', async (snapshot) => {
    const published = await rowsOf(`select * from marts.mart_account_features where snapshot_date = date '${snapshot}'`);
    expect(published.length).toBeGreaterThan(20);
    expect(await rowsOnRewoundInputs(features.sql, snapshot)).toEqual(published);
  });

  it('notices a feature that reads the snapshot day itself', async () => {
    const leaky = features.sql.replace('record_dates.record_date < snapshots.snapshot_date', 'record_dates.record_date <= snapshots.snapshot_date');
    expect(leaky).not.toBe(features.sql);
    const snapshot = SNAPSHOTS[1] as string;
    const onEverything = await rowsOf(`select * from (${leaky}) as leaky_features where snapshot_date = date '${snapshot}'`);
    expect(await rowsOnRewoundInputs(leaky, snapshot)).not.toEqual(onEverything);
  });
});
