import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../lib/cli/cli-io.ts';
import { docsCommand } from '../../lib/cli/commands/docs-command.ts';
import { runCli } from '../cli/cli-harness.ts';
import { crmSourcesYml } from '../project/temp-project.ts';

// A two-model project, so that every run compiles in a moment; the real project is covered by the e2e test.
const FILES: Record<string, string> = {
  'sql/project.yml': `name: crm
vars:
  run_date: '2026-11-24'
models:
  staging: { schema: staging, materialized: view, tags: [staging] }
  dimensions: { schema: analytics, materialized: table, tags: [dimension] }
  facts: { schema: analytics, materialized: table, tags: [fact] }
  marts: { schema: marts, materialized: table, tags: [mart] }
`,
  'sql/sources.yml': crmSourcesYml({ deals: { deal_id: 'varchar', amount: 'decimal(18,2)' } }),
  'sql/staging/stg_crm_deals.sql': `select deal_id, cast(amount as decimal(18,2)) as amount from {{ source('crm', 'deals') }}`,
  'sql/marts/mart_deal_totals.sql': `select count(*) as deal_count, sum(amount) as total_amount from {{ ref('stg_crm_deals') }}`,
  'sql/staging/schema.yml': `version: 2
models:
  - name: stg_crm_deals
    description: Deals.
    columns:
      - name: deal_id
        tests: [unique]
`,
  'sql/exposures.yml': `version: 2
exposures:
  - name: deal_dashboard
    type: dashboard
    owner: { name: Sales }
    depends_on: [ref('mart_deal_totals')]
`,
};

// Deal d1 twice: the unique test on stg_crm_deals.deal_id fails, with a sample.
const LANDING_CSV = 'deal_id,amount\nd1,10.50\nd1,3\nd2,4\n';

const work = mkdtempSync(join(tmpdir(), 'crm-docs-cli-'));
const project = join(work, 'project');
const landing = join(work, 'landing');

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

beforeAll(() => {
  writeFiles(project, FILES);
  writeFiles(landing, { 'raw/deals/ingest_date=2026-11-24/part-0000.csv': LANDING_CSV });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function targetPath(name: string): string {
  return join(work, name);
}

describe('crm-warehouse docs', () => {
  it('writes the site and says that nothing has run yet when there is no warehouse', async () => {
    const target = targetPath('no-warehouse');
    const outcome = await runCli(['docs', '--project-dir', project, '--target-path', target]);
    expect(outcome.err).toBe('');
    expect(outcome.code).toBe(0);
    expect(outcome.out).toMatch(/^Docs: 5 pages \(2 models, 1 sources, 1 exposures\) in .*docs\/; open .*docs\/index\.html$/m);
    expect(outcome.out).toMatch(/^Column lineage: 4 model columns traced, all resolved \(.*lineage\.json\)$/m);
    expect(outcome.out).toContain(`Test results: not run yet (no warehouse at ${join(target, 'warehouse.duckdb')})`);
    expect(outcome.out).toContain('Dashboards: none yet (they are drawn from the marts: run crm-warehouse build first)');
    expect(existsSync(join(target, 'docs', 'models', 'mart_deal_totals.html'))).toBe(true);
    // The docs never create the warehouse they looked for.
    expect(existsSync(join(target, 'warehouse.duckdb'))).toBe(false);
  });

  it('shows the latest test results and model builds of a built warehouse', async () => {
    const target = targetPath('built');
    const built = await runCli(['build', '--project-dir', project, '--target-path', target, '--landing', landing]);
    expect(built.out).toContain('unique_stg_crm_deals_deal_id');
    const outcome = await runCli(['docs', '--project-dir', project, '--target-path', target]);
    expect(outcome.err).toBe('');
    expect(outcome.code).toBe(0);
    expect(outcome.out).toContain(`Test results: the latest of 1 of 1 tests, from ${join(target, 'warehouse.duckdb')}`);
    // deal_dashboard has no dashboard definition: nothing is drawn for it.
    expect(outcome.out).toMatch(/^Dashboards: 0 in .*dashboards\/; open .*dashboards\/index\.html$/m);
    const staging = readFileSync(join(target, 'docs', 'models', 'stg_crm_deals.html'), 'utf8');
    expect(staging).toMatch(/<tr id="test-unique_stg_crm_deals_deal_id">[\s\S]*?status-fail">fail<[\s\S]*?<td class="numeric">1<\/td>/);
    expect(staging).toContain('Sample of the failing rows');
    expect(readFileSync(join(target, 'docs', 'models', 'mart_deal_totals.html'), 'utf8')).toMatch(/<dt>Last build<\/dt><dd><span class="badge status-/);
  });

  it('writes the site but exits 1 naming the dashboard that could not be exported', async () => {
    const other = join(work, 'project-with-dashboard');
    writeFiles(other, { ...FILES, 'sql/exposures.yml': FILES['sql/exposures.yml']?.replace('deal_dashboard', 'sales_pipeline_dashboard') ?? '' });
    const target = targetPath('dashboard-fails');
    await runCli(['build', '--project-dir', other, '--target-path', target, '--landing', landing]);
    const outcome = await runCli(['docs', '--project-dir', other, '--target-path', target]);
    expect(outcome.code).toBe(1);
    expect(outcome.err).toMatch(/^Error: the dashboards could not be exported from .*warehouse\.duckdb: dashboard sales_pipeline_dashboard: /);
    expect(outcome.out).toMatch(/^Dashboards: not written \(dashboard sales_pipeline_dashboard: /m);
    expect(outcome.out).toContain('Test results: the latest of 1 of 1 tests');
    const exposure = readFileSync(join(target, 'docs', 'exposures', 'sales_pipeline_dashboard.html'), 'utf8');
    expect(exposure).toContain('No dashboard page yet');
  });

  it('writes the site, says why and exits 1 when the warehouse cannot be read', async () => {
    const target = targetPath('broken-warehouse');
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, 'warehouse.duckdb'), 'this is not a DuckDB database');
    const outcome = await runCli(['docs', '--project-dir', project, '--target-path', target]);
    expect(outcome.code).toBe(1);
    expect(outcome.err).toMatch(/^Error: the warehouse at .*warehouse\.duckdb could not be read; the docs show no test results or dashboards: /);
    expect(outcome.out).toMatch(/^Test results: unavailable \(/m);
    expect(readFileSync(join(target, 'docs', 'models', 'stg_crm_deals.html'), 'utf8')).toMatch(/Latest results unavailable: the warehouse at <code>.*<\/code> could not be read/);
  });

  it('refuses a port that is not a number, before writing anything', async () => {
    const outcome = await runCli(['docs', '--project-dir', project, '--target-path', targetPath('bad-port'), '--serve', '--port', 'eighty']);
    // Commander's own exit code for an invalid option value, as for every command of the CLI.
    expect(outcome.code).toBe(1);
    expect(existsSync(targetPath('bad-port'))).toBe(false);
    expect(outcome.err).toContain("--port takes a whole number, got 'eighty'");
  });

  it('serves the site with --serve until stopped', async () => {
    const out: string[] = [];
    const io: CliIo = { out: (line) => out.push(line), err: (line) => out.push(`ERR ${line}`), color: false };
    let stop = (): void => undefined;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const running = docsCommand({ projectDir: project, targetPath: targetPath('served'), target: 'duckdb', serve: true, port: 0 }, io, stopped);
    const url = await waitFor(() => out.map((line) => /^Serving .* at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C stops it\)$/.exec(line)?.[1]).find(Boolean));
    const index = await fetch(url);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<h1>Lineage</h1>');
    stop();
    expect(await running).toBe(0);
    expect(out.at(-1)).toBe('Stopped.');
    await expect(fetch(url)).rejects.toThrow();
  });
});

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
