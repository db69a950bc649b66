import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LatestCheckResult, RunHistory } from '../../lib/docs/run-history.ts';
import type { PlanTest } from '../../lib/plan/plan.ts';
import type { CatalogEntry } from '../../lib/docs/site/search-catalog.ts';
import type { LineageDocument } from '../../lib/docs/site/lineage-document.ts';
import { writeDocsSite, type WriteDocsSiteOptions } from '../../lib/docs/write-docs-site.ts';
import { docsPlan } from './docs-plan-fixture.ts';
import { brokenLinks, htmlPages } from './site-links.ts';

let outDir: string;

beforeEach(() => {
  outDir = mkdtempSync(join(tmpdir(), 'crm-docs-'));
});

afterEach(() => rmSync(outDir, { recursive: true, force: true }));

const ABSENT = { state: 'absent', location: '/nowhere/warehouse.duckdb' } as const;

function write(options: Partial<WriteDocsSiteOptions> = {}) {
  return writeDocsSite({ plan: docsPlan(), outDir, warehouse: ABSENT, generatedAt: new Date('2026-11-25T08:00:00Z'), ...options });
}

function page(path: string): string {
  return readFileSync(join(outDir, path), 'utf8');
}

function result(testId: string, fields: Partial<LatestCheckResult> = {}): [string, LatestCheckResult] {
  return [testId, { testId, status: 'pass', severity: 'error', failures: 0, sample: [], phase: 'audit', checkedAt: '2026-11-24 10:00:00', runId: 'run-1', ...fields }];
}

function history(): RunHistory {
  return {
    checks: new Map([
      result('test.crm.unique_stg_crm_deals_deal_id', { status: 'fail', failures: 3, sample: [{ deal_id: '<img src=x onerror=alert(1)>', n: null }] }),
      result('test.crm.not_null_stg_crm_deals_deal_id'),
      result('test.crm.not_empty_mart_pipeline', { status: 'warn', severity: 'warn', failures: 1 }),
    ]),
    modelRuns: new Map([
      ['model.crm.stg_crm_deals', { nodeId: 'model.crm.stg_crm_deals', status: 'success', rows: 1234, seconds: 0.42, message: null, completedAt: '2026-11-24 10:00:00', runId: 'run-1' }],
      ['model.crm.mart_pipeline', { nodeId: 'model.crm.mart_pipeline', status: 'error', rows: null, seconds: 0.1, message: 'Binder Error: <column>', completedAt: '2026-11-24 10:00:01', runId: 'run-1' }],
    ]),
    columnTypes: new Map([['analytics.fact_deals', new Map([['weighted_amount', 'decimal(18,3)']])]]),
  };
}

describe('writeDocsSite', () => {
  it('writes the index, a page per model, source and exposure, the assets, lineage.json and the search catalog', async () => {
    const site = await write();
    expect(site.pages).toEqual([
      'index.html',
      'models/stg_crm_deals.html',
      'models/fact_deals.html',
      'models/mart_pipeline.html',
      'sources/crm.deals.html',
      'exposures/sales_pipeline_dashboard.html',
    ]);
    expect(htmlPages(outDir)).toEqual([...site.pages].sort());
    for (const asset of ['assets/site.css', 'assets/site.js', 'assets/lineage-graph.js', 'assets/catalog.js', 'lineage.json']) expect(existsSync(join(outDir, asset)), asset).toBe(true);
    expect(site).toMatchObject({ tracedColumns: 9, unresolvedColumns: 0, incompleteModels: 0, dashboards: 0 });
  });

  it('links only to files and anchors that exist', async () => {
    await write();
    expect(brokenLinks(outDir)).toEqual([]);
  });

  it('draws every node of the plan in the index graph, each linked to its page', async () => {
    await write();
    const index = page('index.html');
    const plan = docsPlan();
    expect(index.match(/<a class="lineage-node /g)).toHaveLength(plan.sources.length + plan.models.length + plan.exposures.length);
    expect(index).toContain('href="models/fact_deals.html" data-id="model.crm.fact_deals"');
    expect(index).toContain('href="exposures/sales_pipeline_dashboard.html" data-id="exposure.crm.sales_pipeline_dashboard"');
  });

  it('escapes descriptions everywhere they appear', async () => {
    await write();
    for (const path of ['index.html', 'models/mart_pipeline.html', 'models/fact_deals.html', 'exposures/sales_pipeline_dashboard.html']) {
      expect(page(path), path).not.toContain('<script>alert(1)</script>');
      expect(page(path), path).not.toContain('<b>by stage</b>');
    }
    expect(page('models/mart_pipeline.html')).toContain('Pipeline &lt;b&gt;by stage&lt;/b&gt; &amp; &quot;weighted&quot; &lt;script&gt;alert(1)&lt;/script&gt;');
    const catalog = page('assets/catalog.js');
    expect(catalog).not.toContain('</script>');
  });

  it('shows on a model page its facts, its columns with their upstream and downstream columns, and its SQL', async () => {
    await write();
    const fact = page('models/fact_deals.html');
    expect(fact).toContain('<h1>fact_deals</h1>');
    expect(fact).toContain('<dt>Grain</dt><dd>one row per deal</dd>');
    expect(fact).toContain('<span class="tag">table</span>');
    expect(fact).toContain('<code>analytics.fact_deals</code>');
    // weighted_amount is computed from stg_crm_deals.amount, and mart_pipeline.weighted_pipeline_amount from it.
    expect(fact).toMatch(/<tr id="column-weighted_amount">[\s\S]*?computed from[\s\S]*?href="stg_crm_deals.html#column-amount"[\s\S]*?href="mart_pipeline.html#column-weighted_pipeline_amount"[\s\S]*?<\/tr>/);
    expect(fact).toMatch(/<tr id="column-deal_id">[\s\S]*?copy of[\s\S]*?href="stg_crm_deals.html#column-deal_id"/);
    // stage is in the SQL output but not in schema.yml.
    expect(fact).toMatch(/<tr id="column-stage">[\s\S]*?not documented/);
    expect(fact).toContain('<span class="sql-keyword">select</span>');
    expect(fact).toContain('Depends on</h2><ul class="chips"><li><a class="chip layer-staging" href="stg_crm_deals.html"');
  });

  it('says which declared columns the SQL does not output, and which columns are constants or counts', async () => {
    await write();
    const mart = page('models/mart_pipeline.html');
    expect(mart).toMatch(/<tr id="column-documented_only">[\s\S]*?unresolved<\/span> <span class="muted">not in the output of the compiled SQL/);
    expect(mart).toMatch(/<tr id="column-deal_count">[\s\S]*?no column: a constant or a row count/);
  });

  it('shows on a source page its contract and loader columns, and the model columns read from them', async () => {
    await write();
    const source = page('sources/crm.deals.html');
    expect(source).toContain('<h1>crm.deals</h1>');
    expect(source).toMatch(/<tr id="column-amount">[\s\S]*?<code class="type">decimal\(18,2\)<\/code>[\s\S]*?href="..\/models\/stg_crm_deals.html#column-amount"/);
    expect(source).toMatch(/<tr id="column-_ingest_date">[\s\S]*?Added by the loader/);
    expect(source).toContain('source_not_null_crm_deals_deal_id');
  });

  it('says "not run yet" everywhere results would be when there is no warehouse', async () => {
    await write();
    const staging = page('models/stg_crm_deals.html');
    expect(staging).toContain('Not run yet: there is no warehouse at <code>/nowhere/warehouse.duckdb</code>');
    expect(staging).toContain('<dt>Last build</dt><dd><span class="muted">not run yet</span></dd>');
    expect(staging.match(/status-none">not run yet</g)).toHaveLength(2);
    expect(page('index.html')).toContain('Not run yet');
  });

  it('shows the latest results, failing-row samples (escaped) and the last build when the warehouse was read', async () => {
    await write({ warehouse: { state: 'read', location: 'warehouse.duckdb', history: history() } });
    const staging = page('models/stg_crm_deals.html');
    expect(staging).toMatch(/<tr id="test-unique_stg_crm_deals_deal_id">[\s\S]*?status-fail">fail<[\s\S]*?<td class="numeric">3<\/td>[\s\S]*?2026-11-24 10:00 UTC/);
    expect(staging).toContain('Sample of the failing rows (1 stored)');
    expect(staging).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(staging).not.toContain('<img src=x');
    expect(staging).toContain('<span class="null">null</span>');
    expect(staging).toMatch(/<dt>Last build<\/dt><dd><span class="badge status-success">success<\/span> <span class="muted">1,234 rows · 0.42 s · 2026-11-24 10:00 UTC<\/span>/);
    const mart = page('models/mart_pipeline.html');
    expect(mart).toContain('<div class="error-text">Binder Error: &lt;column&gt;</div>');
    // A test without a stored result reads "not run yet" even when the warehouse was read.
    expect(mart).toMatch(/<tr id="test-assert_pipeline_matches_facts">[\s\S]*?not run yet/);
    expect(page('models/fact_deals.html')).toContain('title="Not declared in schema.yml; the type the warehouse reports">decimal(18,3)</code>');
    const exposure = page('exposures/sales_pipeline_dashboard.html');
    expect(exposure).toMatch(/Data quality upstream[\s\S]*?status-pass">pass<\/span> 1[\s\S]*?status-warn">warn<\/span> 1[\s\S]*?status-fail">fail<\/span> 1/);
    expect(exposure).toContain('href="../models/stg_crm_deals.html#test-unique_stg_crm_deals_deal_id"');
    expect(brokenLinks(outDir)).toEqual([]);
  });

  it('says why results are missing when the warehouse could not be read', async () => {
    await write({ warehouse: { state: 'unreadable', location: 'warehouse.duckdb', reason: 'Could not set lock on file <x>' } });
    expect(page('models/stg_crm_deals.html')).toContain('could not be read (Could not set lock on file &lt;x&gt;)');
  });

  it('shows a test on the model it was declared on when the plan attaches it elsewhere', async () => {
    const plan = docsPlan();
    const declared = { ...plan, tests: [...plan.tests, { ...(plan.tests[0] as PlanTest), id: 'test.crm.relationships_x', name: 'relationships_x', testName: 'relationships', attachedTo: 'model.crm.fact_deals', column: 'deal_id' }] };
    await write({ plan: declared, testDeclarations: new Map([['test.crm.relationships_x', 'model.crm.stg_crm_deals']]) });
    expect(page('models/stg_crm_deals.html')).toContain('id="test-relationships_x"');
    expect(page('models/fact_deals.html')).not.toContain('relationships_x');
  });

  it('links the exposure to its dashboard page and the navigation to the dashboards when they exist, and leaves them alone', async () => {
    mkdirSync(join(outDir, 'dashboards'));
    writeFileSync(join(outDir, 'dashboards', 'sales_pipeline_dashboard.html'), 'their page');
    writeFileSync(join(outDir, 'dashboards', 'index.html'), 'their index');
    const site = await write();
    expect(site.dashboards).toBe(1);
    expect(page('exposures/sales_pipeline_dashboard.html')).toContain('<a class="button" href="../dashboards/sales_pipeline_dashboard.html">Open the dashboard');
    expect(page('index.html')).toContain('<a href="dashboards/index.html">Dashboards</a>');
    expect(page('dashboards/sales_pipeline_dashboard.html')).toBe('their page');
    expect(brokenLinks(outDir, htmlPages(outDir).filter((path) => !path.startsWith('dashboards/')))).toEqual([]);
  });

  it('does not link a dashboard that is not there', async () => {
    await write();
    const exposure = page('exposures/sales_pipeline_dashboard.html');
    expect(exposure).not.toContain('dashboards/');
    expect(exposure).toContain('No dashboard page yet');
    expect(exposure).toContain('<a href="mailto:sales-ops@example.com">sales-ops@example.com</a>');
    expect(exposure).toContain('<span class="maturity maturity-high">high</span>');
  });

  it('removes the pages of nodes that no longer exist', async () => {
    mkdirSync(join(outDir, 'models'));
    writeFileSync(join(outDir, 'models', 'dropped_model.html'), 'old');
    await write();
    expect(existsSync(join(outDir, 'models', 'dropped_model.html'))).toBe(false);
  });

  it('exports the node graph and the column lineage as lineage.json', async () => {
    await write();
    const lineage = JSON.parse(page('lineage.json')) as LineageDocument;
    expect(lineage.nodes.map((node) => node.id)).toEqual([
      'source.crm.deals',
      'model.crm.stg_crm_deals',
      'model.crm.fact_deals',
      'model.crm.mart_pipeline',
      'exposure.crm.sales_pipeline_dashboard',
    ]);
    expect(lineage.nodes.find((node) => node.id === 'model.crm.fact_deals')?.parents).toEqual(['model.crm.stg_crm_deals']);
    expect(lineage.columnLineage['model.crm.mart_pipeline']?.columns[1]).toEqual({
      column: 'weighted_pipeline_amount',
      kind: 'derived',
      upstream: [{ node: 'model.crm.fact_deals', column: 'weighted_amount' }],
      unresolved: [],
    });
  });

  it('writes a search catalog script of nodes and columns that a page can load', async () => {
    await write();
    const sandbox: { window: { crmDocsCatalog?: CatalogEntry[] } } = { window: {} };
    runInNewContext(page('assets/catalog.js'), sandbox);
    const entries = sandbox.window.crmDocsCatalog ?? [];
    expect(entries).toContainEqual({ label: 'fact_deals', kind: 'model', layer: 'facts', page: 'models/fact_deals.html', detail: 'Deals with their weighted amount.' });
    expect(entries).toContainEqual({ label: 'fact_deals.stage', kind: 'column', layer: 'facts', page: 'models/fact_deals.html', anchor: 'column-stage' });
    expect(entries).toContainEqual(expect.objectContaining({ label: 'crm.deals._loaded_at', kind: 'column', anchor: 'column-_loaded_at' }));
  });
});
