import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbtManifest } from '../../lib/artifacts/dbt-manifest.ts';
import { writeDocsSite } from '../../lib/docs/write-docs-site.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { ProjectErrors } from '../../lib/project/errors.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { selectNodes } from '../../lib/project/selection.ts';
import { seedInserts } from '../../lib/seeds/compile-seed.ts';
import { inferredSeedType } from '../../lib/seeds/seed-types.ts';
import { compareWithState } from '../../lib/project/state-comparison.ts';
import { projectForTarget } from '../../lib/project/target-schemas.ts';
import { runCli } from '../cli/cli-harness.ts';
import { removeProjects, writeProject } from '../project/unit-test-project.ts';

afterAll(removeProjects);

const REGIONS = 'country,region,launched_on,share\nFR,EMEA,2020-01-31,0.25\nUS,AMER,2019-06-01,1\n';
const MODEL = "select country from {{ ref('regions') }}\n";

async function errorsOf(files: Readonly<Record<string, string>>): Promise<string[]> {
  try {
    await loadProject(await writeProject(files));
  } catch (error) {
    if (error instanceof ProjectErrors) return error.errors.map((problem) => problem.message);
    throw error;
  }
  throw new Error('expected the project to be rejected');
}

describe('seeds in the project', () => {
  it('compiles a seed into the plan as a table in the seeds schema that models ref(), selectable as resource_type:seed and seed+', async () => {
    const plan = compileProject(await loadProject(await writeProject({ 'sql/seeds/regions.csv': REGIONS, 'sql/marts/by_region.sql': MODEL })), { target: 'duckdb' });
    const seed = plan.models.find((model) => model.name === 'regions');
    expect(seed).toMatchObject({ id: 'seed.crm.regions', resourceType: 'seed', relation: { schema: 'seeds', name: 'regions' }, layer: 'staging', config: { materialized: 'table' } });
    expect(seed?.columns.map((column) => [column.name, column.dataType])).toEqual([
      ['country', 'varchar'],
      ['region', 'varchar'],
      ['launched_on', 'date'],
      ['share', 'decimal(3,2)'],
    ]);
    expect(seed?.config.postHook).toEqual([
      "insert into seeds.regions (country, region, launched_on, share) values\n('FR', 'EMEA', '2020-01-31', 0.25),\n('US', 'AMER', '2019-06-01', 1)",
    ]);
    const model = plan.models.find((each) => each.name === 'by_region');
    expect(model?.dependsOn.models).toEqual(['seed.crm.regions']);
    expect(model?.sql).toContain('from seeds.regions');
    expect(selectNodes(plan, { select: ['resource_type:seed'] }).models).toEqual(['seed.crm.regions']);
    expect(selectNodes(plan, { select: ['resource_type:model'] }).models).not.toContain('seed.crm.regions');
    expect(selectNodes(plan, { select: ['regions+'] }).models).toEqual(['seed.crm.regions', 'model.crm.by_region']);
    const manifest = dbtManifest(plan, 'invocation', new Date(0)) as { nodes: Record<string, { resource_type: string }> };
    expect(manifest.nodes['seed.crm.regions']?.resource_type).toBe('seed');

    const outDir = mkdtempSync(join(tmpdir(), 'seed-docs-'));
    try {
      await writeDocsSite({ plan, outDir, warehouse: { state: 'absent', location: '/nowhere' }, generatedAt: new Date(0) });
      const page = readFileSync(join(outDir, 'models/regions.html'), 'utf8');
      expect(page).toContain('Seed (sql/seeds)');
      expect(page).toContain('sql/seeds/regions.csv');
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it("lists seeds with ls as dbt does, and puts them in a named target's prefixed schema", async () => {
    const root = await writeProject({ 'sql/seeds/regions.csv': REGIONS, 'sql/marts/by_region.sql': MODEL });
    const common = ['--project-dir', root, '--target-path', `${root}/target`];
    expect((await runCli(['ls', ...common, '--resource-type', 'seed'])).out).toBe('seed.crm.regions');
    expect((await runCli(['ls', ...common, '--resource-type', 'model', '--select', 'regions+'])).out).toBe('model.crm.by_region');
    const listed = await runCli(['ls', ...common, '--select', 'resource_type:seed', '--output', 'json']);
    expect(JSON.parse(listed.out)).toMatchObject({ unique_id: 'seed.crm.regions', resource_type: 'seed', original_file_path: 'sql/seeds/regions.csv', relation_name: 'seeds.regions' });

    const prefixed = compileProject(projectForTarget(await loadProject(root), { engine: 'duckdb', schemaPrefix: 'alice_' }), { target: 'duckdb' });
    expect(prefixed.models.find((model) => model.name === 'regions')?.relation).toEqual({ schema: 'alice_seeds', name: 'regions' });
    expect(prefixed.models.find((model) => model.name === 'by_region')?.sql).toContain('from alice_seeds.regions');
  });

  it('is state:modified when its rows change, not because a CI target prefixes the schema its inserts name', async () => {
    const root = await writeProject({ 'sql/seeds/regions.csv': REGIONS, 'sql/marts/by_region.sql': MODEL });
    const production = compileProject(await loadProject(root), { target: 'duckdb' });
    const ci = compileProject(projectForTarget(await loadProject(root), { engine: 'duckdb', schemaPrefix: 'ci_' }), { target: 'duckdb' });
    expect([...compareWithState(ci, production).modified]).toEqual([]);
    const changed = await writeProject({ 'sql/seeds/regions.csv': REGIONS.replace('EMEA', 'Europe'), 'sql/marts/by_region.sql': MODEL });
    const edited = compileProject(projectForTarget(await loadProject(changed), { engine: 'duckdb', schemaPrefix: 'ci_' }), { target: 'duckdb' });
    expect([...compareWithState(edited, production).modified]).toEqual(['seed.crm.regions']);
  });

  it.each([
    ['a ragged row', 'country,region\nFR,EMEA\nUS\n', {}, ['sql/seeds/regions.csv:3:2: 1 fields where the header has 2']],
    [
      'a value that does not fit the declared type',
      'country,employees\nFR,12\nUS,many\n',
      { 'sql/seeds/regions.yml': 'version: 2\nseeds:\n  - name: regions\n    config:\n      column_types: { employees: integer }\n' },
      ["sql/seeds/regions.csv:3:2: column employees (integer): 'many' is not a whole number"],
    ],
    [
      'an unknown declared type and column',
      'country\nFR\n',
      { 'sql/seeds/regions.yml': 'version: 2\nseeds:\n  - name: regions\n    config:\n      column_types: { country: geography, contry: varchar }\n' },
      [
        "sql/seeds/regions.yml: seeds[0].config.column_types.contry: the seed has no column 'contry'; did you mean 'country'? (its header: country)",
      ],
    ],
    ['a header that is not a column name', 'Country Name\nFR\n', {}, ["sql/seeds/regions.csv:1:1: column name 'Country Name' is not a lower-case SQL identifier (a-z, 0-9, _)"]],
    ['a seed named as a model', 'country\nFR\n', { 'sql/seeds/by_region.csv': 'x\n1\n' }, ["sql/seeds/by_region.csv: seed name 'by_region' is already used by a model or another seed: ref() could not tell them apart"]],
    ['properties for no seed', 'country\nFR\n', { 'sql/seeds/props.yml': 'version: 2\nseeds:\n  - name: region\n' }, ["sql/seeds/props.yml: seeds[0]: seed 'region' has no CSV file in sql/seeds; did you mean 'regions'?"]],
  ])('rejects %s, naming the file, line and column', async (_case, csv, extra, expected) => {
    expect(await errorsOf({ 'sql/seeds/regions.csv': csv, 'sql/marts/by_region.sql': MODEL, ...extra })).toEqual(expected);
  });

  it('rejects a declared type a seed cannot load', async () => {
    expect(
      await errorsOf({ 'sql/seeds/regions.csv': 'country\nFR\n', 'sql/seeds/regions.yml': 'version: 2\nseeds:\n  - name: regions\n    config:\n      column_types: { country: geography }\n' }),
    ).toEqual([
      "sql/seeds/regions.yml: seeds[0].config.column_types.country: 'geography' is not a type a seed can load: one of integer, bigint, decimal(p,s), double precision, boolean, date, timestamp, varchar(n), text",
    ]);
  });
});

describe('seed types and inserts', () => {
  it.each([
    [['1', '-2', '007'], 'integer'],
    [['1', '3000000000'], 'bigint'],
    [['1', '2.50', '-0.125'], 'decimal(4,3)'],
    [['true', 'FALSE'], 'boolean'],
    [['2026-02-28'], 'date'],
    [['2026-02-30'], 'varchar(256)'],
    [['2026-02-28T10:00:00Z', '2026-03-01 00:00'], 'timestamp'],
    [[], 'varchar(256)'],
    [['x'.repeat(300)], 'varchar(65535)'],
  ])('infers %j as %s', (values, expected) => {
    expect(inferredSeedType(values).sql).toBe(expected);
  });

  it('splits the rows into inserts of at most 100 KB, quoting text for the target', () => {
    const rows = Array.from({ length: 2000 }, (_, index) => [`it's ${index} ${'x'.repeat(100)}`]);
    const seed = { columns: [{ name: 'label', type: { kind: 'varchar' as const, sql: 'varchar(256)', precision: 256 } }], rows };
    const inserts = seedInserts('"seeds"."labels"', ['label'], seed, 'redshift');
    expect(inserts.length).toBeGreaterThan(1);
    for (const statement of inserts) expect(Buffer.byteLength(statement)).toBeLessThanOrEqual(100 * 1024);
    expect(inserts.join('\n').match(/^\('it''s/gm)?.length).toBe(2000);
  });
});
