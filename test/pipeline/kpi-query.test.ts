/**
 * The KPI query (lib/pipeline/kpi-query.ts) on the local Data API endpoint over hand-made marts: each
 * KPI is the mart's own figure (NRR and GRR: 100 × the latest month's trailing-twelve-month ratios of
 * mart_revenue_retention_ttm), each mart contributes only when the run publishes it, and a KPI without
 * data is left out of the metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedshiftDataEngine } from '../../lib/engines/redshift-data/redshift-data-engine.ts';
import { kpiQuery, reportKpis } from '../../lib/pipeline/kpi-query.ts';
import { PIPELINE_METRICS } from '../../lib/pipeline/pipeline-metric-names.ts';
import type { PlanModel } from '../../lib/plan/plan.ts';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../lib/data-api-endpoint/data-api-endpoint.ts';
import { endpointEngine } from '../engines/redshift-data/endpoint-engine.ts';
import { crmRunPlan, RecordingTelemetry } from './step-fixture.ts';

const MARTS = [
  'create schema if not exists marts',
  'create table marts.mart_sales_pipeline (stage varchar(32), is_open_stage boolean, pipeline_amount decimal(18,2), deal_count integer)',
  `insert into marts.mart_sales_pipeline values ('qualification', true, 1000.50, 3), ('closed_won', false, 500.00, 3), ('closed_lost', false, 0, 1)`,
  'create table marts.mart_revenue (revenue_amount decimal(18,2))',
  'insert into marts.mart_revenue values (100.25), (200.00)',
  'create table marts.mart_customer_support (sla_met_count integer, sla_evaluated_count integer, backlog_count integer, is_run_week boolean)',
  'insert into marts.mart_customer_support values (9, 10, 4, true), (1, 2, 7, false)',
  `create table marts.mart_revenue_retention_ttm (month_start_date date, net_revenue_retention decimal(9,4), gross_revenue_retention decimal(9,4))`,
  // The latest month is not the last row inserted, and has the middle values: only "latest" picks it.
  `insert into marts.mart_revenue_retention_ttm values
     (cast('2026-09-01' as date), 1.5000, 0.9000), (cast('2026-11-01' as date), 1.0525, 0.8125), (cast('2026-10-01' as date), 0.5000, 0.4000)`,
];

describe('the KPI query on the local Data API endpoint', () => {
  let endpoint: DataApiEndpoint;
  let redshift: RedshiftDataEngine;
  let models: readonly PlanModel[];

  beforeAll(async () => {
    endpoint = await startDataApiEndpoint({ port: 0 });
    redshift = endpointEngine(endpoint).engine;
    await redshift.transaction(MARTS);
    models = (await crmRunPlan()).plan.models;
  }, 60_000);

  afterAll(async () => {
    await redshift?.close();
    await endpoint?.close();
  });

  it("reads every KPI, NRR and GRR as 100 × the retention mart's latest month", async () => {
    const sql = kpiQuery(models);
    if (sql === undefined) throw new Error('the whole project publishes every mart');
    const [row] = await redshift.query(sql);
    const [latest] = await redshift.query(
      'select 100 * net_revenue_retention as nrr, 100 * gross_revenue_retention as grr from marts.mart_revenue_retention_ttm order by month_start_date desc limit 1',
    );
    expect(Number(row?.net_revenue_retention_percent)).toBe(Number(latest?.nrr));
    expect(Number(row?.gross_revenue_retention_percent)).toBe(Number(latest?.grr));
    const telemetry = new RecordingTelemetry();
    reportKpis(row, telemetry);
    expect(telemetry.metrics).toEqual([
      { name: PIPELINE_METRICS.pipelineValue, unit: 'None', value: 1000.5 },
      { name: PIPELINE_METRICS.winRate, unit: 'Percent', value: 75 },
      { name: PIPELINE_METRICS.revenue, unit: 'None', value: 300.25 },
      { name: PIPELINE_METRICS.slaCompliance, unit: 'Percent', value: 83.33 },
      { name: PIPELINE_METRICS.ticketBacklog, unit: 'Count', value: 4 },
      { name: PIPELINE_METRICS.netRevenueRetention, unit: 'Percent', value: 105.25 },
      { name: PIPELINE_METRICS.grossRevenueRetention, unit: 'Percent', value: 81.25 },
    ]);
  });

  it('reads only the marts the run publishes: the retention mart alone gives NRR and GRR only', async () => {
    const retentionOnly = models.filter((model) => model.name === 'mart_revenue_retention_ttm');
    const sql = kpiQuery(retentionOnly);
    expect(sql).not.toContain('mart_sales_pipeline');
    const [row] = await redshift.query(sql as string);
    expect(Object.keys(row ?? {})).toEqual(['net_revenue_retention_percent', 'gross_revenue_retention_percent']);
    expect(kpiQuery(models.filter((model) => !model.name.startsWith('mart_')))).toBeUndefined();
  });

  it('leaves out NRR and GRR while the mart has no month with starting customers', async () => {
    await redshift.execute('delete from marts.mart_revenue_retention_ttm');
    const [row] = await redshift.query(kpiQuery(models) as string);
    const telemetry = new RecordingTelemetry();
    reportKpis(row, telemetry);
    const names = telemetry.metrics.map((metric) => metric.name);
    expect(names).not.toContain(PIPELINE_METRICS.netRevenueRetention);
    expect(names).not.toContain(PIPELINE_METRICS.grossRevenueRetention);
    expect(names).toContain(PIPELINE_METRICS.revenue);
  });
});
