import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { runCli } from './cli-harness.ts';

// The real project in sql/, with its target folder and landing data in a temp dir.
const work = mkdtempSync(join(tmpdir(), 'crm-cli-'));
const landing = join(work, 'landing');
const target = join(work, 'target');
const common = ['--target-path', target];

beforeAll(async () => {
  const generated = await runCli(['generate', '--scale', '0.01', '--days', '2', '--out', landing]);
  expect(generated.code, generated.err).toBe(0);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('crm-warehouse CLI', () => {
  it('builds the warehouse from the landing folder and ends with the dbt-style tally', async () => {
    const built = await runCli(['build', ...common, '--landing', landing]);
    expect(built.err).toBe('');
    expect(built.code).toBe(0);
    expect(built.out).toMatch(/^Loaded [\d,]+ rows from \d+ files/m);
    expect(built.out).toMatch(/OK created table model analytics\.fact_deals \.+ \[OK [\d,]+ rows in \d+\.\d\ds\]/);
    expect(built.out).toMatch(/^Done\. PASS=\d+ WARN=\d+ ERROR=0 SKIP=0 TOTAL=\d+$/m);
    // The schemas named are the project's layers', in build order, between raw and audit.
    expect(built.out).toMatch(/^Warehouse: .*; schemas raw, staging, analytics, intermediate, marts, audit$/m);

    const engine = await DuckDbEngine.open({ path: join(target, 'warehouse.duckdb') });
    try {
      const [deals] = await engine.query('select count(*) as n from analytics.fact_deals');
      expect(Number(deals?.n)).toBeGreaterThan(0);
      const plan = JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8')) as { models: unknown[] };
      const [runs] = await engine.query("select count(*) as n from audit.model_runs where resource_type = 'model' and status = 'success'");
      expect(Number(runs?.n)).toBe(plan.models.length);
    } finally {
      await engine.close();
    }
  });

  it('keeps existing landing data with generate --if-missing', async () => {
    const again = await runCli(['generate', '--if-missing', '--out', landing]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/already holds landing data; keeping it/);
  });

  it('lists selected nodes in build order with ls', async () => {
    const listed = await runCli(['ls', ...common, '--select', '+fact_deals', '--resource-type', 'model']);
    expect(listed.code, listed.err).toBe(0);
    const lines = listed.out.split('\n');
    expect(lines).toContain('model.crm.stg_crm_deals');
    expect(lines.at(-1)).toBe('model.crm.fact_deals');
    expect(lines.indexOf('model.crm.stg_crm_deals')).toBeLessThan(lines.indexOf('model.crm.fact_deals'));
    expect(lines.some((line) => line.startsWith('model.crm.fact_orders'))).toBe(false);
  });

  it('writes the plan and prints compiled SQL for a selection with compile', async () => {
    const compiled = await runCli(['compile', ...common, '--select', 'stg_crm_accounts']);
    expect(compiled.code, compiled.err).toBe(0);
    expect(compiled.out).toMatch(/-- model\.crm\.stg_crm_accounts/);
    expect(compiled.out).toMatch(/from raw\.accounts/);
    const plan = JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8')) as { models: { id: string }[] };
    expect(plan.models.map((model) => model.id)).toContain('model.crm.fact_deals');
    expect(compiled.out).toMatch(/Dialect lint: every model and test fits Redshift/);
    expect(existsSync(join(target, 'compiled', 'crm', 'facts', 'fact_deals.sql'))).toBe(true);
  });

  it('renders --vars into the compiled SQL', async () => {
    const compiled = await runCli(['compile', ...common, '--vars', '{run_date: 2026-01-31}', '--select', 'fact_deals']);
    expect(compiled.code, compiled.err).toBe(0);
    expect(compiled.out).toContain('2026-01-31');
  });

  it('exits 2 naming the selector when a selector matches nothing', async () => {
    const listed = await runCli(['ls', ...common, '--select', 'fact_deal']);
    expect(listed.code).toBe(2);
    expect(listed.err).toMatch(/--select: .*fact_deal/);
  });

  it('exits 2 naming the option when --vars is not a mapping', async () => {
    const run = await runCli(['run', ...common, '--vars', '[1, 2]']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/--vars: expected a YAML mapping/);
  });

  it('exits 2 before running anything for a misspelt var or an impossible run date', async () => {
    const misspelt = await runCli(['build', ...common, '--vars', '{run_dat: 2026-04-30}']);
    expect(misspelt.code).toBe(2);
    expect(misspelt.err).toContain("--vars: unknown var 'run_dat'; did you mean 'run_date'?");
    expect(misspelt.out).not.toMatch(/PASS|Done\./);
    const impossible = await runCli(['build', ...common, '--vars', '{run_date: 2026-13-45}']);
    expect(impossible.code).toBe(2);
    expect(impossible.err).toContain("--vars: run_date '2026-13-45' is not a calendar date");
  });

  it('refuses a target it cannot run on', async () => {
    const run = await runCli(['run', ...common, '--target', 'snowflake']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/--target: 'snowflake' is neither a target of profiles\.yml \(dev, ci, prod\) nor an engine \(duckdb, postgres, redshift\)/);
  });

  it('asks for the workgroup and database on --target redshift', async () => {
    const run = await runCli(['run', ...common, '--target', 'redshift']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/--target redshift needs --workgroup NAME and --database-name NAME/);
  });

  it('refuses a local landing folder on --target redshift, which loads from S3', async () => {
    const run = await runCli(['load', ...common, '--target', 'redshift', '--workgroup', 'wg', '--database-name', 'dev', '--landing', landing]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/--target redshift loads from S3: give --landing s3:\/\/bucket\/prefix/);
  });

  it('lints the project for Redshift with lint', async () => {
    const linted = await runCli(['lint']);
    expect(linted.code, linted.err).toBe(0);
    expect(linted.out).toMatch(/every model and test fits Redshift/);
  });

  it('reports each check with debug, failing on a missing landing folder', async () => {
    const ok = await runCli(['debug', ...common, '--landing', landing]);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/connection +OK +DuckDB v\d/);
    const missing = await runCli(['debug', ...common, '--landing', join(work, 'nowhere')]);
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/landing +ERROR .*nowhere/);
  });

  it('exits 1 when a run has an error and says which model', async () => {
    const run = await runCli(['run', ...common, '--select', 'stg_crm_accounts', '--database', join(work, 'empty.duckdb')]);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/ERROR creating view model staging\.stg_crm_accounts/);
    expect(run.out).toMatch(/ERROR=1/);
  });
});
