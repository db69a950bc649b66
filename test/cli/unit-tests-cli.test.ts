import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../lib/project/compile.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { PROJECT_ROOT } from '../models/warehouse-build.ts';
import { runCli } from './cli-harness.ts';

// The real project in sql/, built from the hand-checked fixture landing folder into a temp target.
const target = mkdtempSync(join(tmpdir(), 'crm-cli-unit-'));
const landing = fileURLToPath(new URL('../fixtures/crm-landing', import.meta.url));
const common = ['--target-path', target];

afterAll(() => rmSync(target, { recursive: true, force: true }));

describe('unit tests on the command line', () => {
  it('lists the unit tests of the selected models with ls', async () => {
    const listed = await runCli(['ls', ...common, '--select', 'fact_deals', '--resource-type', 'unit_test']);
    expect(listed.err).toBe('');
    const plan = compileProject(await loadProject(PROJECT_ROOT), { target: 'duckdb' });
    const factDealsTests = (plan.unitTests ?? []).filter((test) => test.model === 'model.crm.fact_deals').map((test) => test.id);
    expect(factDealsTests.length).toBeGreaterThan(1);
    expect(listed.out.split('\n')).toEqual(factDealsTests);
  });

  it("runs a model's unit tests before building it with build, with dbt-style lines", async () => {
    const built = await runCli(['build', ...common, '--landing', landing, '--select', 'stg_crm_orders', '--vars', '{run_date: 2026-03-10}']);
    expect(built.err).toBe('');
    expect(built.code).toBe(0);
    expect(built.out).toMatch(/selected 1 models, \d+ tests and 3 unit tests\./);
    expect(built.out).toMatch(/^\d of \d+ PASS unit_test stg_crm_orders_amounts \.+ \[PASS in \d+\.\d\ds\]$/m);
    expect(built.out.indexOf('PASS unit_test stg_crm_orders_amounts')).toBeLessThan(built.out.indexOf('created incremental model staging.stg_crm_orders'));
  });

  it('runs unit tests with test, and none with run', async () => {
    const tested = await runCli(['test', ...common, '--select', 'stg_crm_orders']);
    expect(tested.out).toMatch(/PASS unit_test stg_crm_orders_amounts/);
    expect(tested.code).toBe(0);
    const ran = await runCli(['run', ...common, '--select', 'stg_crm_orders']);
    expect(ran.out).not.toMatch(/unit_test/);
    expect(ran.out).toMatch(/selected 1 models, \d+ tests and 0 unit tests\./);
  });
});
