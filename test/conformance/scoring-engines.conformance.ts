/**
 * The scoring step gives the same backtest, coefficients and scores on DuckDB, on Postgres (PGlite) and
 * through the Redshift engine against the local Data API endpoint, for the same generated landing: the
 * features come from the same SQL, the fit is deterministic, and the scores are computed in SQL on each engine.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { loadLanding as loadIntoDuckDb } from '../../lib/engines/duckdb/raw-loader.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { listLocalLanding } from '../../lib/cli/landing-listing.ts';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';
import { loadLanding as copyIntoRedshift } from '../../lib/engines/redshift-data/copy-loader.ts';
import { RedshiftDataEngine } from '../../lib/engines/redshift-data/redshift-data-engine.ts';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../lib/data-api-endpoint/data-api-endpoint.ts';
import { loadLanding as loadIntoPostgres } from '../../lib/engines/postgres/raw-loader.ts';
import { generateLanding } from '../../lib/generate/index.ts';
import type { Plan } from '../../lib/plan/plan.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { runScoringStep, type ScoringOutcome } from '../../lib/scoring/scoring-step.ts';
import { errorsOf, PROJECT_ROOT } from '../models/warehouse-build.ts';

const RUN_DATE = '2026-11-24';
const LANDING_URI = 's3://landing/crm';
let s3Root: string;
let workDir: string;
let endpoint: DataApiEndpoint | undefined;
const engines: Engine[] = [];
const outcomes: ScoringOutcome[] = [];
const scores: unknown[][] = [];

async function buildAndScore(engine: Engine, plan: Plan, load: (landingDir: string) => Promise<unknown>): Promise<void> {
  engines.push(engine);
  await load(workDir);
  const needed = new Set(['mart_account_labels']);
  for (const model of [...plan.models].reverse()) {
    if (needed.has(model.name)) for (const id of model.dependsOn.models) needed.add(id.replace('model.crm.', ''));
  }
  const result = await executePlan(engine, plan, {
    mode: 'run',
    runId: 'engines',
    modelIds: plan.models.filter((model) => needed.has(model.name)).map((model) => model.id),
    testIds: [],
  });
  expect(errorsOf(result)).toEqual([]);
  outcomes.push(await runScoringStep(engine, plan, 'engines'));
  scores.push(await engine.query('select * from marts.mart_account_scores order by account_id'));
}

beforeAll(async () => {
  s3Root = await mkdtemp(join(tmpdir(), 'scoring-engines-'));
  // s3://landing/crm is <s3Root>/landing/crm for the endpoint's COPY; DuckDB and Postgres read the same folder.
  workDir = join(s3Root, 'landing', 'crm');
  await generateLanding({ outDir: workDir, scale: 0.03, days: 2, seed: 9, endDate: RUN_DATE });
  const project = await loadProject(PROJECT_ROOT);
  const duckPlan = compileProject(project, { target: 'duckdb', vars: { run_date: RUN_DATE } });
  const duck = await DuckDbEngine.open({ path: ':memory:', threads: 2 });
  await buildAndScore(duck, duckPlan, (landingDir) => loadIntoDuckDb(duck, { landingDir, sources: duckPlan.sources, runId: 'engines', maxLoadErrors: 100_000 }));
  const pgPlan = compileProject(project, { target: 'postgres', vars: { run_date: RUN_DATE } });
  const pg = await PgliteEngine.open();
  await buildAndScore(pg, pgPlan, (landingDir) => loadIntoPostgres(pg, { landingDir, sources: pgPlan.sources, runId: 'engines', maxLoadErrors: 100_000 }));
  const redshiftPlan = compileProject(project, { target: 'redshift', vars: { run_date: RUN_DATE } });
  endpoint = await startDataApiEndpoint({ port: 0, s3Root });
  const client = new RedshiftDataClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  const redshift = new RedshiftDataEngine({ workgroupName: 'local', database: 'dev', client, pollIntervalMs: 5, maxPollIntervalMs: 50 });
  await buildAndScore(redshift, redshiftPlan, () =>
    copyIntoRedshift(redshift, {
      landingUri: LANDING_URI,
      listDays: () => listLocalLanding(s3Root, LANDING_URI),
      sources: redshiftPlan.sources,
      runId: 'engines',
      maxLoadErrors: 100_000,
    }),
  );
}, 900_000);

afterAll(async () => {
  for (const engine of engines) await engine.close();
  await endpoint?.close();
  await rm(s3Root, { recursive: true, force: true });
});

describe('scoring on DuckDB, Postgres and the Redshift engine', () => {
  it('gives the same backtest', () => {
    expect(outcomes[1]).toEqual(outcomes[0]);
    expect(outcomes[2]).toEqual(outcomes[0]);
  });

  it('gives the same scores and reasons', () => {
    expect((scores[0] as unknown[]).length).toBeGreaterThan(50);
    expect(scores[1]).toEqual(scores[0]);
    expect(scores[2]).toEqual(scores[0]);
  });
});
