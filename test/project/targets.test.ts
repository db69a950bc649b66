/**
 * Named targets (profiles.yml) and the schemas each builds in (generate_schema_name): a dev
 * target writes prefixed schemas and reads the shared sources, prod writes the production schemas,
 * and every mistake in the file names its place.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../lib/project/compile.ts';
import { ProjectError, ProjectErrors } from '../../lib/project/errors.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { projectForTarget } from '../../lib/project/target-schemas.ts';
import { loadTargets, parseTargets, resolveTarget } from '../../lib/project/targets.ts';

const work = await mkdtemp(join(tmpdir(), 'crm-targets-'));
afterAll(() => rm(work, { recursive: true, force: true }));

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ProjectErrors) return error.errors.map((problem) => problem.message);
    if (error instanceof ProjectError) return [error.message];
    throw error;
  }
  throw new Error('expected project errors');
}

describe('profiles.yml', () => {
  it('reads the repository file: dev on Redshift prefixed per developer, ci on DuckDB, prod unprefixed', async () => {
    const targets = await loadTargets('.');
    expect(resolveTarget(targets, 'dev', { USER: 'Alice.B' })).toEqual({
      name: 'dev',
      engine: 'redshift',
      schemaPrefix: 'alice_b_',
      connection: { workgroup: 'crm-warehouse', databaseName: 'warehouse' },
    });
    expect(() => resolveTarget(targets, 'dev', {})).toThrow('profiles.yml: targets.dev.schema_prefix: environment variable USER is not set');
    expect(targets.get('ci')).toMatchObject({ engine: 'duckdb', schemaPrefix: 'ci_' });
    expect(targets.get('prod')).toMatchObject({ engine: 'redshift', schemaPrefix: '' });
  });

  it('is optional: without it --target still takes an engine name', async () => {
    const empty = join(work, 'no-profiles');
    await mkdir(empty, { recursive: true });
    const targets = await loadTargets(empty);
    expect(targets.size).toBe(0);
    expect(resolveTarget(targets, 'postgres')).toEqual({ name: 'postgres', engine: 'postgres', schemaPrefix: '', connection: {} });
  });

  it('resolves a named target before an engine name', () => {
    const targets = parseTargets({ targets: { duckdb: { engine: 'duckdb', schema_prefix: 'local_' } } });
    expect(resolveTarget(targets, 'duckdb').schemaPrefix).toBe('local_');
  });

  it('names an unknown target with what exists and a suggestion', () => {
    const targets = parseTargets({ targets: { dev: { engine: 'duckdb' }, prod: { engine: 'redshift' } } });
    expect(problems(() => resolveTarget(targets, 'prd'))).toEqual([
      "--target: 'prd' is neither a target of profiles.yml (dev, prod) nor an engine (duckdb, postgres, redshift); did you mean 'prod'?",
    ]);
  });

  it('names every mistake with its place', () => {
    const found = problems(() =>
      parseTargets(
        {
          targets: {
            dev: { engine: 'duckdb', schema_prefix: '${DEV_NAME}_', workgroup: 'wg', schema_prefx: 'x' },
            Dollar: { engine: 'duckdb', schema_prefix: '$USER' },
            prod: { engine: 'redshift', schema_prefix: 'p_' },
            ci: { engine: 'snowflake' },
            odd: { engine: 'duckdb', schema_prefix: 'Has-Dash' },
            Bad: 'duckdb',
          },
          profile: 'x',
        },
      ),
    );
    expect(found).toEqual([
      "profiles.yml: profile: unknown key; the file holds only 'targets:'",
      "profiles.yml: targets.dev.schema_prefx: unknown setting; did you mean 'schema_prefix'?",
      "profiles.yml: targets.dev.workgroup: is a redshift setting; this target's engine is duckdb",
      "profiles.yml: targets.Dollar: a target name is lower-case letters, digits and _",
      "profiles.yml: targets.Dollar.schema_prefix: '$USER' would not make a plain schema name: use lower-case letters, digits, _ and ${NAME}",
      "profiles.yml: targets.prod.schema_prefix: 'prod' writes the production schemas and takes no prefix",
      'profiles.yml: targets.ci.engine: expected one of duckdb, postgres, redshift, got "snowflake"',
      "profiles.yml: targets.odd.schema_prefix: 'Has-Dash' would not make a plain schema name: use lower-case letters, digits, _ and ${NAME}",
      'profiles.yml: targets.Bad: a target name is lower-case letters, digits and _',
      'profiles.yml: targets.Bad: expected a mapping with at least engine:',
    ]);
    expect(problems(() => parseTargets({ dev: { engine: 'duckdb' } }))).toEqual([
      "profiles.yml: expected a mapping 'targets:' of target names to their settings",
    ]);
  });

  it('reports a YAML syntax error with its line', async () => {
    const broken = join(work, 'broken');
    await mkdir(broken, { recursive: true });
    await writeFile(join(broken, 'profiles.yml'), 'targets:\n  dev: [unclosed\n');
    await expect(loadTargets(broken)).rejects.toThrow(/^profiles\.yml:\d+: invalid YAML/);
  });
});

describe('generate_schema_name', () => {
  it('builds a dev target in prefixed schemas, reading the shared sources, and prod in the production schemas', async () => {
    const project = await loadProject('.');
    const dev = compileProject(projectForTarget(project, { engine: 'duckdb', schemaPrefix: 'alice_' }), { target: 'duckdb' });
    const prod = compileProject(projectForTarget(project, { engine: 'duckdb', schemaPrefix: '' }), { target: 'duckdb' });
    const devDeals = dev.models.find((model) => model.name === 'fact_deals');
    expect(devDeals?.relation).toEqual({ schema: 'alice_analytics', name: 'fact_deals' });
    expect(devDeals?.sql).toMatch(/alice_staging\.stg_crm_deals/);
    expect(new Set(dev.models.map((model) => model.relation.schema))).toEqual(new Set(['alice_seeds', 'alice_staging', 'alice_analytics', 'alice_intermediate', 'alice_marts']));
    expect(dev.layers.map((layer) => `${layer.name}: ${layer.schema}`)).toEqual([
      'staging: alice_staging',
      'dimensions: alice_analytics',
      'facts: alice_analytics',
      'intermediate: alice_intermediate',
      'marts: alice_marts',
    ]);
    expect(dev.sources.map((source) => source.relation.schema)).toEqual(prod.sources.map((source) => source.relation.schema));
    expect(prod.models.find((model) => model.name === 'fact_deals')?.relation.schema).toBe('analytics');
    expect(JSON.stringify(prod)).toBe(JSON.stringify(compileProject(project, { target: 'duckdb' })));
  });

  it("follows the project's own macro, and refuses a schema it makes that is not a plain name", async () => {
    const project = await loadProject('.');
    const macro = (body: string) => {
      const reversed = projectForTarget(
        {
          ...project,
          macros: new Map([
            [
              'generate_schema_name',
              { name: 'generate_schema_name', place: 'sql/macros/generate_schema_name.sql:1', parameters: [{ name: 'custom_schema_name' }, { name: 'schema_prefix' }], body: [{ kind: 'text', text: body }] },
            ],
          ]),
        } as typeof project,
        { engine: 'duckdb', schemaPrefix: 'ci_' },
      );
      return reversed.models.find((model) => model.name === 'fact_deals')?.schema;
    };
    expect(macro('fixed_schema')).toBe('fixed_schema');
    expect(() => macro('Not A Schema')).toThrow(
      "sql/macros/generate_schema_name.sql:1: generate_schema_name('seeds', 'ci_') gave 'Not A Schema', not a plain lower-case schema name",
    );
  });
});
