/**
 * The SourceFreshness step (lib/pipeline/source-freshness-step.ts) on the local Data API endpoint, over
 * the project's own sources: a fresh landing passes, a stale one is reported (StaleSources, WarnSources,
 * warnings naming each table, audit.source_freshness rows) without failing the step, and a table that
 * cannot be checked counts as stale, as dbt counts a runtime error.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RedshiftDataEngine } from '../../lib/engines/redshift-data/redshift-data-engine.ts';
import { PIPELINE_METRICS } from '../../lib/pipeline/pipeline-metric-names.ts';
import { runSourceFreshnessStep } from '../../lib/pipeline/source-freshness-step.ts';
import type { Plan } from '../../lib/plan/plan.ts';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../lib/data-api-endpoint/data-api-endpoint.ts';
import { endpointEngine } from '../engines/redshift-data/endpoint-engine.ts';
import { crmRunPlan, RecordingTelemetry } from './step-fixture.ts';

const RUN_DATE = '2026-11-24';

function daysBefore(days: number): string {
  return new Date(Date.parse(`${RUN_DATE}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

describe('the SourceFreshness step on the local Data API endpoint', () => {
  let endpoint: DataApiEndpoint;
  let redshift: RedshiftDataEngine;
  let plan: Plan;

  /** Every source table of the project, each landed last on the day given (default: the run date). */
  async function land(lastDay: Readonly<Record<string, string | null>> = {}): Promise<void> {
    const statements = ['create schema if not exists "raw"'];
    for (const source of plan.sources) {
      const table = `"raw"."${source.relation.name}"`;
      statements.push(`drop table if exists ${table}`);
      const day = lastDay[source.tableName] === undefined ? RUN_DATE : lastDay[source.tableName];
      if (day === null) continue;
      statements.push(`create table ${table} (id varchar(16), _ingest_date date)`, `insert into ${table} values ('a', cast('${daysBefore(10)}' as date)), ('b', cast('${day}' as date))`);
    }
    await redshift.transaction(statements);
  }

  beforeAll(async () => {
    endpoint = await startDataApiEndpoint({ port: 0 });
    redshift = endpointEngine(endpoint).engine;
    plan = (await crmRunPlan([], RUN_DATE)).plan;
  }, 60_000);

  beforeEach(async () => {
    await redshift.execute('drop table if exists audit.source_freshness');
  });

  afterAll(async () => {
    await redshift?.close();
    await endpoint?.close();
  });

  it('passes every checked table of a landing that has the run date, and reports none stale', async () => {
    await land();
    const telemetry = new RecordingTelemetry();
    const check = await runSourceFreshnessStep(redshift, plan, { runId: 'fresh', runDate: RUN_DATE }, telemetry);
    expect(check.results.length).toBeGreaterThan(5);
    expect(check.results.every((result) => result.status === 'pass')).toBe(true);
    expect(check.skipped).toEqual(['source.crm.products']);
    expect(telemetry.metrics).toEqual([
      { name: PIPELINE_METRICS.staleSources, unit: 'Count', value: 0 },
      { name: PIPELINE_METRICS.warnSources, unit: 'Count', value: 0 },
    ]);
    expect(telemetry.lines.filter((line) => line.level === 'warn')).toEqual([]);
    const [audit] = await redshift.query("select count(*) as checked from audit.source_freshness where run_id = 'fresh' and status = 'pass'");
    expect(Number(audit?.checked)).toBe(check.results.length);
  });

  it('reports a stale landing without failing: deals past error_after, accounts past warn_after, users not checkable', async () => {
    // Deals error after 2 days; accounts warn after 3 and error after 7 (sql/sources.yml); users is missing.
    await land({ deals: daysBefore(3), accounts: daysBefore(4), users: null });
    const telemetry = new RecordingTelemetry();
    const check = await runSourceFreshnessStep(redshift, plan, { runId: 'stale', runDate: RUN_DATE }, telemetry);
    const verdicts = Object.fromEntries(check.results.filter((result) => result.status !== 'pass').map((result) => [result.name, result.status]));
    expect(verdicts).toEqual({ 'crm.deals': 'error', 'crm.accounts': 'warn', 'crm.users': 'runtime error' });
    expect(check.success).toBe(false);
    expect(telemetry.metrics).toEqual([
      { name: PIPELINE_METRICS.staleSources, unit: 'Count', value: 2 },
      { name: PIPELINE_METRICS.warnSources, unit: 'Count', value: 1 },
    ]);
    // Stale tables first, then the warned ones.
    const warnings = telemetry.lines.filter((line) => line.level === 'warn').map((line) => [line.details?.source, line.details?.status, line.details?.ageSeconds]);
    expect(warnings.slice(0, 2).sort()).toEqual([
      ['crm.deals', 'error', 4 * 86_400],
      ['crm.users', 'runtime error', null],
    ]);
    expect(warnings.slice(2)).toEqual([['crm.accounts', 'warn', 5 * 86_400]]);
    const audit = await redshift.query("select source_id, status from audit.source_freshness where run_id = 'stale' and status <> 'pass' order by source_id");
    expect(audit).toEqual([
      { source_id: 'source.crm.accounts', status: 'warn' },
      { source_id: 'source.crm.deals', status: 'error' },
      { source_id: 'source.crm.users', status: 'runtime error' },
    ]);
  });

  it('fails the step when the warehouse cannot take the audit rows: that is no verdict', async () => {
    await land();
    // A table where the audit table should be: the check's create-if-missing keeps it, and the insert fails.
    await redshift.transaction(['create schema if not exists audit', 'create table audit.source_freshness (unrelated integer)']);
    await expect(runSourceFreshnessStep(redshift, plan, { runId: 'broken', runDate: RUN_DATE }, new RecordingTelemetry())).rejects.toThrow(/source_freshness/);
  });
});
