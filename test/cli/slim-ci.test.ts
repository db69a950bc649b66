/**
 * A dbt user's CI on this project, through the real CLI on DuckDB: a production build writes its
 * artifacts; a change to one model, built with `--target ci --select state:modified+ --state
 * <prod target> --defer`, rebuilds only that model and its children, in ci_ schemas, reading every
 * unchanged parent from production. Also: a macro change marks its callers modified, `retry`
 * reruns what failed, and the artifacts match our transcription of dbt's schemas.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestSchema, runResultsSchema } from '../../lib/artifacts/dbt-artifact-schemas.ts';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Plan } from '../../lib/plan/plan.ts';
import { runCli } from './cli-harness.ts';

const work = mkdtempSync(join(tmpdir(), 'crm-slim-ci-'));
const project = join(work, 'project');
const landing = join(work, 'landing');
const database = join(work, 'warehouse.duckdb');
const prodTarget = join(work, 'prod-target');
const ciTarget = join(work, 'ci-target');
const warehouse = ['--project-dir', project, '--database', database];
const shared = [...warehouse, '--landing', landing];

interface RunResults {
  readonly results: readonly { readonly unique_id: string; readonly status: string }[];
  readonly args: Readonly<Record<string, unknown>>;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** The model and every model downstream of it, from a plan's dependencies. */
function withDescendants(plan: Plan, id: string): Set<string> {
  const found = new Set([id]);
  for (const model of plan.models) if (model.dependsOn.models.some((parent) => found.has(parent))) found.add(model.id);
  return found;
}

/** Every relation in the schemas whose names start with `prefix`, as `schema.name`. */
async function relationsUnder(prefix: string): Promise<string[]> {
  const engine = await DuckDbEngine.open({ path: database });
  try {
    const rows = await engine.query(`select table_schema, table_name from information_schema.tables where starts_with(table_schema, '${prefix}') order by 1, 2`);
    return rows.map((row) => `${String(row.table_schema)}.${String(row.table_name)}`);
  } finally {
    await engine.close();
  }
}

beforeAll(async () => {
  cpSync('sql', join(project, 'sql'), { recursive: true });
  cpSync('profiles.yml', join(project, 'profiles.yml'));
  const generated = await runCli(['generate', '--scale', '0.01', '--days', '2', '--out', landing]);
  expect(generated.code, generated.err).toBe(0);
  const production = await runCli(['build', ...shared, '--target', 'duckdb', '--target-path', prodTarget]);
  expect(production.code, production.out + production.err).toBe(0);
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('slim CI', () => {
  it('writes run_results.json and a dbt manifest that match the required fields of run-results v6 and manifest v12', () => {
    const results = runResultsSchema.parse(readJson(join(prodTarget, 'run_results.json')));
    const plan = readJson<Plan>(join(prodTarget, 'manifest.json'));
    // plan.models holds the seeds too (seed.crm.country_regions).
    const builtNode = (id: string) => id.startsWith('model.') || id.startsWith('seed.');
    expect(results.results.filter((result) => builtNode(result.unique_id)).map((result) => result.status)).toEqual(plan.models.map(() => 'success'));
    expect(results.args).toMatchObject({ which: 'build', target: 'duckdb' });
    const manifest = manifestSchema.parse(readJson(join(prodTarget, 'dbt', 'manifest.json')));
    expect(Object.keys(manifest.nodes).filter(builtNode)).toEqual(plan.models.map((model) => model.id));
    expect(manifest.nodes['seed.crm.country_regions']?.resource_type).toBe('seed');
    expect(manifest.child_map?.['model.crm.dim_products']).toEqual(expect.arrayContaining(plan.models.filter((m) => m.dependsOn.models.includes('model.crm.dim_products')).map((m) => m.id)));
  });

  it('rebuilds only a changed model and its children, in ci_ schemas, reading unchanged parents from production', async () => {
    const prodPlan = readJson<Plan>(join(prodTarget, 'manifest.json'));
    const changed = 'model.crm.dim_products';
    const file = join(project, 'sql/dimensions/dim_products.sql');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, `${original}\n-- a reviewed change\n`);
    try {
      const ci = await runCli(['build', ...shared, '--target', 'ci', '--target-path', ciTarget, '--select', 'state:modified+', '--state', prodTarget, '--defer']);
      expect(ci.code, ci.out + ci.err).toBe(0);
      expect(ci.out).toMatch(/^Warehouse: .*; models in ci_\* schemas \(target ci\); raw and audit shared$/m);
      expect(ci.out).toMatch(/^dbt artifacts: .*ci-target\/run_results\.json, .*ci-target\/dbt\/manifest\.json$/m);
      const expected = withDescendants(prodPlan, changed);
      expect(expected.size).toBeGreaterThan(1);
      const built = readJson<RunResults>(join(ciTarget, 'run_results.json')).results.filter((result) => result.unique_id.startsWith('model.'));
      expect(new Set(built.map((result) => result.unique_id))).toEqual(expected);
      expect(built.every((result) => result.status === 'success')).toBe(true);

      const ciPlan = readJson<Plan>(join(ciTarget, 'manifest.json'));
      const ciModel = (id: string) => ciPlan.models.find((model) => model.id === id);
      // A rebuilt child reads the rebuilt model in ci_, and its unchanged parents in production.
      const child = prodPlan.models.find((model) => expected.has(model.id) && model.id !== changed && model.dependsOn.models.some((parent) => !expected.has(parent)));
      expect(child, 'a child with an unchanged parent').toBeDefined();
      const childSql = ciModel(child?.id ?? '')?.sql ?? '';
      const unchangedParent = prodPlan.models.find((model) => child?.dependsOn.models.includes(model.id) && !expected.has(model.id));
      expect(childSql).toContain(`${unchangedParent?.relation.schema}.${unchangedParent?.relation.name}`);
      expect(unchangedParent?.relation.schema.startsWith('ci_')).toBe(false);
      if (child?.dependsOn.models.includes(changed)) expect(childSql).toContain('ci_analytics.dim_products');

      const rebuilt = new Set([...expected].map((id) => `${ciModel(id)?.relation.schema}.${ciModel(id)?.relation.name}`));
      expect([...rebuilt].every((relation) => relation.startsWith('ci_'))).toBe(true);
      expect(new Set(await relationsUnder('ci_'))).toEqual(rebuilt);
    } finally {
      writeFileSync(file, original);
    }
  }, 600_000);

  it('marks every model calling a changed project macro as modified, and nothing else', async () => {
    const prodPlan = readJson<Plan>(join(prodTarget, 'manifest.json'));
    const file = join(project, 'sql/macros/run_day.sql');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('select *', 'select * -- every period column'));
    try {
      const listed = await runCli(['ls', '--project-dir', project, '--target', 'ci', '--target-path', ciTarget, '--resource-type', 'model', '--select', 'state:modified', '--state', prodTarget]);
      expect(listed.code, listed.err).toBe(0);
      const callers = prodPlan.models.filter((model) => /\brun_day as \(/.test(model.sql)).map((model) => model.id);
      expect(callers.length).toBeGreaterThan(0);
      expect(listed.out.split('\n')).toEqual(callers);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('lists nothing modified when nothing changed, and ls --output json describes each node', async () => {
    const none = await runCli(['ls', '--project-dir', project, '--target', 'ci', '--target-path', ciTarget, '--select', 'state:modified', '--state', prodTarget]);
    expect(none.code, none.err).toBe(0);
    expect(none.out).toBe('');
    const json = await runCli(['ls', '--project-dir', project, '--target-path', ciTarget, '--select', 'dim_products', '--resource-type', 'model', '--output', 'json']);
    expect(json.out.split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({ unique_id: 'model.crm.dim_products', resource_type: 'model', relation_name: 'analytics.dim_products', config: expect.objectContaining({ materialized: 'table' }) }),
    ]);
  });

  it('retries what failed last time: the broken model and what it skipped, then nothing', async () => {
    const retryTarget = join(work, 'retry-target');
    const file = join(project, 'sql/dimensions/dim_products.sql');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace(/\bfrom\b/i, 'from no_such_schema.no_such_table cross join'));
    let failed;
    try {
      failed = await runCli(['run', ...warehouse, '--target-path', retryTarget, '--select', 'dim_products+']);
    } finally {
      writeFileSync(file, original);
    }
    expect(failed.code).toBe(1);
    const before = readJson<RunResults>(join(retryTarget, 'run_results.json')).results;
    const unfinished = before.filter((result) => result.status !== 'success').map((result) => result.unique_id);
    expect(unfinished).toContain('model.crm.dim_products');

    const retried = await runCli(['retry', ...shared, '--target-path', retryTarget]);
    expect(retried.code, retried.out + retried.err).toBe(0);
    expect(retried.out).toMatch(/Retrying the last run's nodes with status error, skipped/);
    const after = readJson<RunResults>(join(retryTarget, 'run_results.json')).results;
    expect(after.map((result) => result.unique_id).sort()).toEqual([...unfinished].sort());
    expect(after.filter((result) => !['success', 'pass', 'warn'].includes(result.status))).toEqual([]);

    const again = await runCli(['retry', ...shared, '--target-path', retryTarget]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/Nothing to retry/);
  }, 600_000);

  it('skips every node not yet started after the first failure with --fail-fast, independent ones too', async () => {
    const failFastTarget = join(work, 'fail-fast-target');
    const file = join(project, 'sql/dimensions/dim_products.sql');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace(/\bfrom\b/i, 'from no_such_schema.no_such_table cross join'));
    let run;
    try {
      run = await runCli(['run', ...warehouse, '--target-path', failFastTarget, '--threads', '1', '--fail-fast']);
    } finally {
      writeFileSync(file, original);
    }
    expect(run.code).toBe(1);
    const plan = readJson<Plan>(join(failFastTarget, 'manifest.json'));
    const results = readJson<RunResults & { results: { message: string | null }[] }>(join(failFastTarget, 'run_results.json')).results;
    const status = new Map(results.map((result) => [result.unique_id, result]));
    expect(status.get('model.crm.dim_products')?.status).toBe('error');
    const after = plan.models.slice(plan.models.findIndex((model) => model.id === 'model.crm.dim_products') + 1);
    const downstream = withDescendants(plan, 'model.crm.dim_products');
    const independent = after.filter((model) => !downstream.has(model.id));
    expect(independent.length).toBeGreaterThan(0);
    for (const model of after) {
      expect(status.get(model.id)).toMatchObject({ status: 'skipped', message: '--fail-fast: analytics.dim_products failed' });
    }
  }, 600_000);

  it('prints only the failed nodes with --quiet, and nothing when all went well', async () => {
    const quietTarget = join(work, 'quiet-target');
    const file = join(project, 'sql/dimensions/dim_products.sql');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace(/\bfrom\b/i, 'from no_such_schema.no_such_table cross join'));
    let failed;
    try {
      failed = await runCli(['run', ...warehouse, '--target-path', quietTarget, '--select', 'dim_products+', '-q']);
    } finally {
      writeFileSync(file, original);
    }
    expect(failed.code).toBe(1);
    // One failed node, whose message (the engine's, over several lines) follows it; no progress or tally.
    expect(failed.out).toMatch(/^ERROR model model\.crm\.dim_products: [^]*no_such_schema/);
    expect(failed.out.split('\n').filter((line) => /^(ERROR|FAIL) /.test(line))).toHaveLength(1);
    expect(failed.out).not.toMatch(/Running with|Done\. PASS=|SKIP/);
    const passed = await runCli(['run', ...warehouse, '--target-path', quietTarget, '--select', 'dim_products', '--quiet']);
    expect(passed.code, passed.err).toBe(0);
    expect(passed.out).toBe('');
  }, 600_000);

  it('prints one JSON event a line with --log-format json', async () => {
    const run = await runCli(['run', ...warehouse, '--target-path', join(work, 'json-target'), '--select', 'dim_products', '--log-format', 'json']);
    expect(run.code, run.err).toBe(0);
    const events = run.out.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.every((event) => typeof event.ts === 'string' && typeof event.level === 'string')).toBe(true);
    expect(events).toContainEqual(
      expect.objectContaining({ event: 'node_finished', status: 'success', node: expect.objectContaining({ unique_id: 'model.crm.dim_products', relation_name: 'analytics.dim_products' }) }),
    );
    expect(events).toContainEqual(expect.objectContaining({ level: 'info', msg: expect.stringMatching(/^Done\. PASS=/) }));
  });

  it('builds the selected models with no rows and their real columns with --empty, and fails a missing column', async () => {
    const emptyTarget = join(work, 'empty-target');
    const ciEmpty = ['run', ...warehouse, '--target', 'ci', '--target-path', emptyTarget, '--select', 'dim_products+', '--state', prodTarget, '--defer', '--empty'];
    const built = await runCli(ciEmpty);
    expect(built.code, built.out + built.err).toBe(0);
    const engine = await DuckDbEngine.open({ path: database });
    try {
      const [rows] = await engine.query('select count(*) as n from ci_analytics.dim_products');
      expect(Number(rows?.n)).toBe(0);
      const columns = async (schema: string) =>
        (await engine.query(`select column_name, data_type from information_schema.columns where table_schema = '${schema}' and table_name = 'dim_products' order by ordinal_position`)).map((row) => `${String(row.column_name)} ${String(row.data_type)}`);
      expect(await columns('ci_analytics')).toEqual(await columns('analytics'));
    } finally {
      await engine.close();
    }
    const plan = readJson<Plan>(join(emptyTarget, 'manifest.json'));
    expect(plan.models.find((model) => model.name === 'dim_products')?.sql).not.toMatch(/empty_build/);

    const file = join(project, 'sql/dimensions/dim_products.sql');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace(/^(\s*select\b)/im, '$1 no_such_column,'));
    try {
      const broken = await runCli(ciEmpty);
      expect(broken.code).toBe(1);
      expect(broken.out).toMatch(/no_such_column/);
    } finally {
      writeFileSync(file, original);
    }
  }, 600_000);

  it('refuses --defer without --state, and a --state folder without a plan', async () => {
    const noState = await runCli(['run', ...warehouse, '--target-path', ciTarget, '--defer']);
    expect(noState.code).toBe(2);
    expect(noState.err).toMatch(/--defer needs --state <dir>/);
    const empty = await runCli(['run', ...warehouse, '--target-path', ciTarget, '--select', 'state:modified', '--state', work]);
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/--state .*: no manifest\.json there/);
  });
});
