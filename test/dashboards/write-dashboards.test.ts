import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardDefinition } from '../../lib/dashboards/dashboard-definition.ts';
import type { DashboardData } from '../../lib/dashboards/dashboard-model.ts';
import { queryKpis } from '../../lib/dashboards/queries/run-queries.ts';
import { writeDashboards, type DashboardSummary } from '../../lib/dashboards/write-dashboards.ts';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Plan, PlanModel } from '../../lib/plan/plan.ts';

const mart: PlanModel = {
  id: 'model.crm.mart_sales_pipeline',
  name: 'mart_sales_pipeline',
  path: 'sql/marts/mart_sales_pipeline.sql',
  layer: 'marts',
  relation: { schema: 'marts', name: 'mart_sales_pipeline' },
  config: { materialized: 'table', tags: [] },
  columns: [],
  dependsOn: { models: [], sources: [] },
  sql: 'select 1',
  checksum: 'x',
};

const plan: Plan = {
  planVersion: 1,
  layers: [{ name: 'staging', schema: 'staging' }, { name: 'dimensions', schema: 'analytics' }, { name: 'facts', schema: 'analytics' }, { name: 'marts', schema: 'marts' }],
  project: 'crm',
  target: 'duckdb',
  vars: { run_date: '2026-11-24' },
  sources: [],
  models: [mart, { ...mart, id: 'model.crm.mart_revenue', name: 'mart_revenue', relation: { schema: 'marts', name: 'mart_revenue' } }],
  tests: [],
  exposures: [
    { id: 'exposure.crm.pipeline', name: 'pipeline', label: 'Pipeline', type: 'dashboard', dependsOn: { models: [mart.id], sources: [] } },
    { id: 'exposure.crm.finance', name: 'finance', type: 'dashboard', dependsOn: { models: ['model.crm.mart_revenue'], sources: [] } },
  ],
};

const pipeline: DashboardDefinition = {
  exposure: 'pipeline',
  navLabel: 'Pipeline',
  async build({ engine, marts }) {
    const kpis = await queryKpis(engine, [
      { id: 'open_pipeline', label: 'Open pipeline', format: 'currency_compact', description: 'Open deals', sql: `select sum(pipeline_amount) as value from ${marts.relation('mart_sales_pipeline')}` },
    ]);
    return { kpis, panels: [] };
  },
};

let engine: DuckDbEngine;
let docsDir: string;
let summary: DashboardSummary;

beforeAll(async () => {
  engine = await DuckDbEngine.open({ path: ':memory:' });
  await engine.transaction(['create schema marts', 'create table marts.mart_sales_pipeline (pipeline_amount decimal(18,2))', 'insert into marts.mart_sales_pipeline values (1200000.50), (300000)']);
  docsDir = await mkdtemp(join(tmpdir(), 'crm-dashboards-'));
  summary = await writeDashboards(engine, plan, docsDir, { definitions: [pipeline], exportedAt: new Date('2026-11-25T08:00:00Z') });
});

afterAll(async () => {
  await engine?.close();
  if (docsDir) await rm(docsDir, { recursive: true, force: true });
});

describe('writeDashboards', () => {
  it('writes a page per exposure with a definition and names the exposures left without one', () => {
    expect(summary.dashboards).toEqual([{ exposure: 'pipeline', label: 'Pipeline', page: join(docsDir, 'dashboards', 'pipeline.html'), kpiCount: 1, chartCount: 0, tableCount: 0 }]);
    expect(summary.exposuresWithoutDashboard).toEqual(['finance']);
    expect(summary.index).toBe(join(docsDir, 'dashboards', 'index.html'));
  });

  it('exports the queried figures as a script defining the page global and as the same JSON', async () => {
    const script = await readFile(join(docsDir, 'dashboards', 'data', 'pipeline.js'), 'utf8');
    const window: { CRM_DASHBOARD_DATA?: DashboardData } = {};
    runInNewContext(script, { window });
    const json = JSON.parse(await readFile(join(docsDir, 'dashboards', 'data', 'pipeline.json'), 'utf8')) as DashboardData;
    expect(window.CRM_DASHBOARD_DATA).toEqual(json);
    expect(json).toMatchObject({ runDate: '2026-11-24', exportedAt: '2026-11-25T08:00:00.000Z', martsBuiltAt: null, marts: ['mart_sales_pipeline'] });
    expect(json.kpis[0]).toMatchObject({ id: 'open_pipeline', value: 1500000.5 });
  });

  it('writes the assets the pages load: ECharts, the bundled page script and the stylesheet', async () => {
    const assets = join(docsDir, 'dashboards', 'assets');
    expect((await readFile(join(assets, 'echarts.min.js'), 'utf8')).length).toBeGreaterThan(500_000);
    const runtime = await readFile(join(assets, 'dashboards.js'), 'utf8');
    expect(runtime).not.toMatch(/^\s*(import|export) /m);
    expect(runtime).toContain('CRM_DASHBOARD_DATA');
    expect(await readFile(join(assets, 'dashboards.css'), 'utf8')).toContain('.kpi-value');
  });

  it("refuses a dashboard that reads a mart its exposure does not depend on", async () => {
    const sneaky: DashboardDefinition = { ...pipeline, exposure: 'finance', build: async ({ marts }) => ({ kpis: [], panels: [{ kind: 'table', id: 't', title: marts.relation('mart_sales_pipeline'), width: 'full', rows: [], columns: [], emptyText: '' }] }) };
    await expect(writeDashboards(engine, plan, docsDir, { definitions: [sneaky] })).rejects.toThrow(
      'dashboard finance: dashboard finance reads mart_sales_pipeline, which exposure finance does not depend on (sql/exposures.yml depends_on: mart_revenue)',
    );
  });

  it('names the tile whose SQL does not return one value', async () => {
    const broken: DashboardDefinition = {
      ...pipeline,
      build: async ({ engine: warehouse }) => ({
        kpis: await queryKpis(warehouse, [{ id: 'x', label: 'Deals', format: 'count', description: '', sql: 'select 1 as value union all select 2' }]),
        panels: [],
      }),
    };
    await expect(writeDashboards(engine, plan, docsDir, { definitions: [broken] })).rejects.toThrow("KPI tile 'Deals': its SQL must return one row with a 'value' column, got 2 rows");
  });
});
