/**
 * The project's own macros (sql/macros): defined once, called from models and tests, rendered per
 * target through the built-in macros they call, and every mistake named with its file and line.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { TargetName } from '../../lib/plan/plan.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { ProjectErrors } from '../../lib/project/errors.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { layeredProjectYml, TempProjects } from './temp-project.ts';

const BASE: Record<string, string> = {
  'sql/project.yml': layeredProjectYml({ run_date: '2026-11-24' }),
  'sql/sources.yml': `version: 2
sources:
  - name: crm
    schema: raw
    tables:
      - name: deals
`,
};

const MACROS = `{# Latest row per key. #}
{% macro latest_per_key(relation, key, order_by='updated_at desc') %}
select * from (
  select *, row_number() over (partition by {{ key }} order by {{ order_by }}) as version_rank
  from {{ relation }}
) ranked where version_rank = 1
{% endmacro %}

{%- macro days_open(from_column) -%}
{{ datediff('x', 'y', 'day') }} + {{ days_since('created_at') }} + {{ from_column }}
{%- endmacro %}

{% macro days_since(column) %}({{ var('run_date') }} - {{ column }}){% endmacro %}

{% macro users_table() %}{{ ref('dim_users') }}{% endmacro %}

{% macro column_list(columns) %}{{ columns }}{% endmacro %}
`;

const projects = new TempProjects('user-macros');
afterAll(() => projects.removeAll());

async function writeProject(files: Record<string, string>): Promise<string> {
  return projects.write({ ...BASE, ...files });
}

async function compiledSql(files: Record<string, string>, model: string, target: TargetName = 'duckdb'): Promise<string> {
  const plan = compileProject(await loadProject(await writeProject(files)), { target });
  const compiled = plan.models.find((candidate) => candidate.name === model);
  if (compiled === undefined) throw new Error(`no model ${model}`);
  return compiled.sql;
}

async function loadErrors(files: Record<string, string>): Promise<string[]> {
  try {
    await loadProject(await writeProject(files));
  } catch (error) {
    if (error instanceof ProjectErrors) return error.errors.map((problem) => problem.message);
    throw error;
  }
  throw new Error('expected the project to fail to load');
}

const USERS = { 'sql/dimensions/dim_users.sql': 'select 1 as user_id' };

describe('project macros', () => {
  it('render their body with the arguments as written, defaults filled in, keywords by name', async () => {
    const staged = await compiledSql(
      {
        'sql/macros/latest.sql': MACROS,
        ...USERS,
        'sql/staging/stg_deals.sql': `with source as (select * from {{ source('crm', 'deals') }})\n{{ latest_per_key('source', key='deal_id', order_by='updated_at desc, _ingest_date desc') }}`,
      },
      'stg_deals',
    );
    expect(staged).toBe(
      `with source as (select * from raw.deals)\n\nselect * from (\n  select *, row_number() over (partition by deal_id order by updated_at desc, _ingest_date desc) as version_rank\n  from source\n) ranked where version_rank = 1`,
    );
    const defaulted = await compiledSql({ 'sql/macros/latest.sql': MACROS, ...USERS, 'sql/staging/stg_x.sql': `{{ latest_per_key('t', 'id') }}` }, 'stg_x');
    expect(defaulted).toContain('order by updated_at desc)');
  });

  it('call other macros, built-in ones per target, and read vars', async () => {
    const files = { 'sql/macros/latest.sql': MACROS, ...USERS, 'sql/marts/m.sql': `select {{ days_open(0) }} as days` };
    expect(await compiledSql(files, 'm', 'duckdb')).toBe(`select ${await builtInDatediff('duckdb')} + (2026-11-24 - created_at) + 0 as days`);
    expect(await compiledSql(files, 'm', 'redshift')).toBe(`select ${await builtInDatediff('redshift')} + (2026-11-24 - created_at) + 0 as days`);
  });

  it('make the model depend on what the macro body refers to', async () => {
    const plan = compileProject(
      await loadProject(await writeProject({ 'sql/macros/latest.sql': MACROS, ...USERS, 'sql/marts/m.sql': `select * from {{ users_table() }}` })),
      { target: 'duckdb' },
    );
    expect(plan.models.find((model) => model.name === 'm')?.dependsOn.models).toEqual(['model.crm.dim_users']);
  });

  it('pass their parameters on to source(), ref(), the built-in macros and other macros', async () => {
    const macros = `{% macro from_table(table, key) %}select {{ key }} from {{ source('crm', table) }} join {{ ref(table ~ '') }}{% endmacro %}`;
    expect((await loadErrors({ 'sql/macros/m.sql': macros })).join()).toContain("unsupported template construct '{{ ref(table ~ '') }}'");
    const files = {
      ...USERS,
      'sql/macros/m.sql': `{% macro latest(table, key) %}select {{ key }} from {{ source('crm', table) }}{% endmacro %}
{% macro age(column, unit='day') %}{{ datediff(column, "'2026-11-24'", unit) }}{% endmacro %}
{% macro deals_with_age(key) %}{{ latest('deals', key) }} where {{ age('created_at', unit='month') }} > 1{% endmacro %}
{% macro owner_table(model) %}{{ ref(model) }}{% endmacro %}`,
      'sql/staging/stg_deals.sql': `{{ deals_with_age('deal_id') }}`,
      'sql/marts/owners.sql': `select * from {{ owner_table('dim_users') }}`,
      'sql/marts/month.sql': `{{ datediff('created_at', "'2026-11-24'", 'month') }}`,
    };
    const plan = compileProject(await loadProject(await writeProject(files)), { target: 'duckdb' });
    const model = (name: string) => plan.models.find((candidate) => candidate.name === name);
    expect(model('stg_deals')?.sql).toBe(`select deal_id from raw.deals where ${model('month')?.sql} > 1`);
    expect(model('stg_deals')?.dependsOn.sources).toEqual(['source.crm.deals']);
    expect(model('owners')?.dependsOn.models).toEqual(['model.crm.dim_users']);
  });

  it('name an argument that cannot be a relation name, and a bare name outside a macro', async () => {
    expect(
      await loadErrors({
        ...USERS,
        'sql/macros/m.sql': `{% macro owner_table(model) %}\n{{ ref(model) }}{% endmacro %}`,
        'sql/marts/a.sql': `select 1\n{{ owner_table(3) }}`,
        'sql/marts/b.sql': `{{ ref(dim_users) }}`,
        'sql/macros/n.sql': `{% macro shout(column) %}{{ ref(colum) }}{% endmacro %}`,
      }),
    ).toEqual([
      "sql/macros/n.sql:1: wrong arguments in '{{ ref(colum) }}': 'colum' is not a macro parameter (parameters here: column); did you mean 'column'?",
      "sql/marts/a.sql:2: ref() needs a quoted name, but macro argument 'model' is 3",
      "sql/marts/b.sql:1: wrong arguments in '{{ ref(dim_users) }}': 'dim_users' is not a macro parameter (arguments are quoted literals outside a macro)",
    ]);
  });

  it('check a built-in macro again with the values its parameters get, at the line of the call', async () => {
    const root = await writeProject({
      ...USERS,
      'sql/macros/m.sql': `{% macro age(unit) %}{{ datediff('a', 'b', unit) }}{% endmacro %}`,
      'sql/marts/m.sql': `select\n{{ age('fortnight') }}`,
    });
    const project = await loadProject(root);
    expect(() => compileProject(project, { target: 'duckdb' })).toThrow(
      "sql/marts/m.sql:2: unknown datepart 'fortnight' in '{{ datediff('a', 'b', unit) }}' (one of year, quarter, month, week, day, hour, minute, second)",
    );
  });

  it('join a list argument with commas', async () => {
    expect(await compiledSql({ 'sql/macros/latest.sql': MACROS, ...USERS, 'sql/marts/m.sql': `select {{ column_list(['a', 'b']) }} from t` }, 'm')).toBe('select a, b from t');
  });
});

describe('project macro mistakes', () => {
  it('an unknown macro, with the closest project macro suggested', async () => {
    expect(await loadErrors({ 'sql/macros/latest.sql': MACROS, ...USERS, 'sql/staging/stg_x.sql': `select 1\n{{ latest_per_ky('t', 'id') }}` })).toEqual([
      "sql/staging/stg_x.sql:2: unsupported template construct '{{ latest_per_ky('t', 'id') }}'; did you mean 'latest_per_key'?",
    ]);
  });

  it('wrong arguments, naming where the macro is defined', async () => {
    const errors = await loadErrors({
      'sql/macros/latest.sql': MACROS,
      ...USERS,
      'sql/staging/stg_a.sql': `{{ latest_per_key('t') }}`,
      'sql/staging/stg_b.sql': `{{ latest_per_key('t', 'id', keys='x') }}`,
      'sql/staging/stg_c.sql': `{{ latest_per_key('t', 'id', 'u', 'v') }}`,
      'sql/staging/stg_d.sql': `{{ latest_per_key('t', relation='u', key='id') }}`,
    });
    const usage = 'latest_per_key takes (relation, key, order_by), defined at sql/macros/latest.sql:2';
    expect(errors).toEqual([
      `sql/staging/stg_a.sql:1: wrong arguments in '{{ latest_per_key('t') }}': missing 'key'; ${usage}`,
      `sql/staging/stg_b.sql:1: wrong arguments in '{{ latest_per_key('t', 'id', keys='x') }}': unknown argument 'keys'; ${usage}`,
      `sql/staging/stg_c.sql:1: wrong arguments in '{{ latest_per_key('t', 'id', 'u', 'v') }}': 4 arguments given; ${usage}`,
      `sql/staging/stg_d.sql:1: wrong arguments in '{{ latest_per_key('t', relation='u', key='id') }}': argument 'relation' given twice; ${usage}`,
    ]);
  });

  it('a name defined twice, a built-in name, a bad signature and a repeated parameter', async () => {
    expect(
      await loadErrors({
        'sql/macros/a.sql': `{% macro twice() %}1{% endmacro %}\n{% macro ref(x) %}{% endmacro %}`,
        'sql/macros/b.sql': `{% macro twice() %}2{% endmacro %}\n{% macro broken %}{% endmacro %}\n{% macro pair(a, a) %}{% endmacro %}\n{% macro order(a='x', b) %}{% endmacro %}`,
      }),
    ).toEqual([
      "sql/macros/a.sql:2: macro 'ref' has the name of a built-in construct; choose another name",
      "sql/macros/b.sql:2: '{% macro broken %}': expected {% macro name(parameter, parameter='default') %}",
    ]);
    expect(
      await loadErrors({
        'sql/macros/a.sql': `{% macro twice() %}1{% endmacro %}`,
        'sql/macros/b.sql': `{% macro twice() %}2{% endmacro %}\n{% macro pair(a, a) %}{% endmacro %}`,
      }),
    ).toEqual([
      "sql/macros/b.sql:2: '{% macro pair(a, a) %}': parameter 'a' is named twice",
    ]);
    expect(
      await loadErrors({
        'sql/macros/a.sql': `{% macro twice() %}1{% endmacro %}`,
        'sql/macros/b.sql': `{% macro twice() %}2{% endmacro %}\n{% macro order(a='x', b) %}{% endmacro %}`,
      }),
    ).toEqual([
      "sql/macros/b.sql:2: '{% macro order(a='x', b) %}': parameter 'b' without a default follows one with a default",
    ]);
    expect(await loadErrors({ 'sql/macros/a.sql': `{% macro twice() %}1{% endmacro %}`, 'sql/macros/b.sql': `\n{% macro twice() %}2{% endmacro %}` })).toEqual([
      "sql/macros/b.sql:2: macro 'twice' is already defined at sql/macros/a.sql:1",
    ]);
  });

  it('a macro defined in a model, SQL outside a macro block, and unbalanced tags', async () => {
    expect(
      await loadErrors({
        'sql/staging/stg_x.sql': `{% macro inline() %}1{% endmacro %}`,
        'sql/macros/loose.sql': `select 1\n{% macro fine() %}1{% endmacro %}`,
        'sql/macros/open.sql': `{% macro never_closed() %}\nselect 1`,
        'sql/macros/close.sql': `{% endmacro %}`,
      }),
    ).toEqual([
      "sql/macros/close.sql:1: '{% endmacro %}' without a matching '{% macro %}'",
      'sql/macros/loose.sql: only {% macro %}…{% endmacro %} blocks and comments belong in a macro file; move the rest into a macro or a model',
      "sql/macros/open.sql:1: '{% macro never_closed() %}' is never closed by '{% endmacro %}'",
      "sql/staging/stg_x.sql:1: '{% macro inline() %}': macros are defined in sql/macros/*.sql",
    ]);
  });

  it('an unknown name in a body, with the parameters suggested', async () => {
    expect(await loadErrors({ 'sql/macros/a.sql': `{% macro shout(column) %}\nupper({{ colum }}){% endmacro %}` })).toEqual([
      "sql/macros/a.sql:2: unsupported template construct '{{ colum }}'; did you mean 'column'?",
    ]);
  });

  it('a macro that calls itself, directly or through another', async () => {
    expect(
      await loadErrors({ 'sql/macros/a.sql': `{% macro ping() %}{{ pong() }}{% endmacro %}\n{% macro pong() %}{{ ping() }}{% endmacro %}\n{% macro self() %}{{ self() }}{% endmacro %}` }),
    ).toEqual([
      "sql/macros/a.sql:1: macro 'ping' calls itself (ping → pong → ping), so it would never finish rendering",
      "sql/macros/a.sql:3: macro 'self' calls itself (self → self), so it would never finish rendering",
    ]);
  });
});

/** The built-in datediff as the compiler renders it for a target, written through a model of its own. */
async function builtInDatediff(target: TargetName): Promise<string> {
  return compiledSql({ ...USERS, 'sql/marts/d.sql': `{{ datediff('x', 'y', 'day') }}` }, 'd', target);
}
