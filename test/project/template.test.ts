import { describe, expect, it } from 'vitest';
import { ProjectError } from '../../lib/project/errors.ts';
import { renderTemplate, scanTemplate, type TemplateContext } from '../../lib/project/template.ts';

const PATH = 'sql/facts/fact_deals.sql';

const relations: Record<string, string> = {
  dim_accounts: 'analytics.dim_accounts',
  stg_crm_deals: 'staging.stg_crm_deals',
};

function context(overrides: Partial<TemplateContext> = {}): TemplateContext {
  return {
    target: 'duckdb',
    vars: { run_date: '2026-11-24', lookback_days: 3, strict: true },
    isIncremental: false,
    resolveRef: (name) => relations[name],
    resolveSource: (sourceName, tableName) =>
      sourceName === 'crm' && tableName === 'accounts' ? 'raw.accounts' : undefined,
    self: 'analytics.fact_deals',
    knownModels: Object.keys(relations),
    knownSources: ['crm.accounts', 'crm.deals'],
    ...overrides,
  };
}

function render(text: string, overrides: Partial<TemplateContext> = {}): string {
  return renderTemplate(text, PATH, context(overrides));
}

function renderError(text: string, overrides: Partial<TemplateContext> = {}): ProjectError {
  try {
    render(text, overrides);
  } catch (error) {
    if (error instanceof ProjectError) return error;
    throw error;
  }
  throw new Error(`expected a ProjectError for ${text}`);
}

describe('renderTemplate', () => {
  it('renders ref() with single or double quotes', () => {
    expect(render(`select * from {{ ref('dim_accounts') }} join {{ref("stg_crm_deals")}} using (id)`)).toBe(
      'select * from analytics.dim_accounts join staging.stg_crm_deals using (id)',
    );
  });

  it('renders source()', () => {
    expect(render(`from {{ source('crm', 'accounts') }}`)).toBe('from raw.accounts');
  });

  it('renders a var as written, the author supplying the quotes', () => {
    expect(render(`where d <= '{{ var("run_date") }}' and n > {{ var('lookback_days') }} and {{ var('strict') }}`)).toBe(
      `where d <= '2026-11-24' and n > 3 and true`,
    );
  });

  it('uses the default of a var that has no value', () => {
    expect(render(`{{ var('days', 30) }} / '{{ var("tz", "UTC") }}'`)).toBe(`30 / 'UTC'`);
  });

  it('prefers the var value over the default', () => {
    expect(render(`{{ var('run_date', '2000-01-01') }}`)).toBe('2026-11-24');
  });

  it('renders a null var as SQL null', () => {
    expect(render(`{{ var('cutoff') }}`, { vars: { cutoff: null } })).toBe('null');
  });

  it('renders config() to nothing', () => {
    expect(render(`{{ config(materialized='incremental', unique_key='deal_id') }}\nselect 1`)).toBe('\nselect 1');
  });

  it('renders {{ this }} as the model relation', () => {
    expect(render(`select max(updated_at) from {{ this }}`)).toBe('select max(updated_at) from analytics.fact_deals');
  });

  it('chooses the is_incremental() branch by context, with else and not', () => {
    const text = `a{% if is_incremental() %}b{% else %}c{% endif %}d{% if not is_incremental() %}e{% endif %}`;
    expect(render(text, { isIncremental: true })).toBe('abd');
    expect(render(text, { isIncremental: false })).toBe('acde');
  });

  it('renders nested if blocks', () => {
    const text = `{% if is_incremental() %}1{% if not is_incremental() %}2{% else %}3{% endif %}4{% endif %}`;
    expect(render(text, { isIncremental: true })).toBe('134');
    expect(render(text, { isIncremental: false })).toBe('');
  });

  it('drops comments, also multi-line ones', () => {
    expect(render(`select {# the key,\n  {{ ref('nothing') }} #}1`)).toBe('select 1');
  });

  it('keeps the whitespace around tags without dashes, like Jinja', () => {
    expect(render(`select\n{% if is_incremental() %}\n  1\n{% endif %}\n`, { isIncremental: true })).toBe(
      'select\n\n  1\n\n',
    );
  });

  it('strips whitespace, newlines included, on the side of a dash', () => {
    const text = `select\n  {%- if is_incremental() -%}\n  1\n  {%- endif %}\n  , {{- var('lookback_days') -}} ,\n {#- note -#} x`;
    expect(render(text, { isIncremental: true })).toBe('select1\n  ,3,x');
  });

  it('does not end a tag at a closing delimiter inside a quoted argument', () => {
    expect(render(`{{ var('missing', '}}') }}`)).toBe('}}');
  });

  it('renders every cross-database macro for the context target', () => {
    expect(render(`{{ safe_divide('won', 'total') }}`, { target: 'postgres' })).toBe(
      '(cast(won as double precision) / nullif(cast(total as double precision), 0))',
    );
    expect(render(`{{ datediff('created_at', 'closed_at', 'day') }}`, { target: 'redshift' })).toBe(
      'datediff(day, created_at, closed_at)',
    );
    expect(render(`{{ dateadd('day', 7, 'created_at') }}`, { target: 'redshift' })).toBe(
      'dateadd(day, 7, created_at)',
    );
    expect(render(`{{ date_trunc('month', 'ordered_at') }}`)).toBe(`date_trunc('month', cast(ordered_at as timestamp))`);
  });

  it('binds macro keyword arguments by dbt parameter name', () => {
    expect(
      render(`{{ datediff(datepart='hour', first_date='a', second_date='b') }}`, { target: 'redshift' }),
    ).toBe('datediff(hour, a, b)');
  });
});

describe('renderTemplate errors', () => {
  it('names an unknown model and suggests a close one', () => {
    expect(renderError(`select 1\n\nfrom {{ ref('dim_acounts') }}`).message).toBe(
      `${PATH}:3: unknown model 'dim_acounts' in ref('dim_acounts'); did you mean 'dim_accounts'?`,
    );
  });

  it('names an unknown model without a suggestion when nothing is close', () => {
    expect(renderError(`{{ ref('orders') }}`).message).toBe(`${PATH}:1: unknown model 'orders' in ref('orders')`);
  });

  it('names an unknown source and suggests a close one', () => {
    expect(renderError(`{{ source('crm', 'acounts') }}`).message).toBe(
      `${PATH}:1: unknown source 'crm.acounts' in source('crm', 'acounts'); did you mean 'crm.accounts'?`,
    );
  });

  it('names a var with no value and no default, suggesting a close one', () => {
    expect(renderError(`\n'{{ var('run_dat') }}'`).message).toBe(
      `${PATH}:2: unknown var 'run_dat'; did you mean 'run_date'?`,
    );
  });

  it('rejects a var whose value cannot be written into SQL', () => {
    expect(renderError(`{{ var('ids') }}`, { vars: { ids: [1, 2] } }).message).toBe(
      `${PATH}:1: var 'ids' is a list; only strings, numbers and booleans render into SQL`,
    );
    expect(renderError(`{{ var('owner') }}`, { vars: { owner: { name: 'x' } } }).message).toBe(
      `${PATH}:1: var 'owner' is a mapping; only strings, numbers and booleans render into SQL`,
    );
    expect(renderError(`{{ var('ids', []) }}`).message).toBe(
      `${PATH}:1: var 'ids' is a list; only strings, numbers and booleans render into SQL`,
    );
  });

  it('rejects {{ this }} outside a model', () => {
    expect(renderError(`{{ this }}`, { self: undefined }).message).toBe(
      `${PATH}:1: '{{ this }}' is only available in a model`,
    );
  });
});

function scanError(text: string): ProjectError {
  try {
    scanTemplate(text, PATH);
  } catch (error) {
    if (error instanceof ProjectError) return error;
    throw error;
  }
  throw new Error(`expected a ProjectError for ${text}`);
}

describe('scanTemplate', () => {
  const text = [
    `{{ config(materialized='incremental', tags=['finance'], unique_key='deal_id') }}`,
    `select * from {{ ref('stg_crm_deals') }}`,
    `join {{ source('crm', 'accounts') }} using (account_id)`,
    `where d <= '{{ var("run_date") }}'`,
    `{% if is_incremental() %}`,
    `  and updated_at > (select max(updated_at) from {{ this }}) - {{ var('lookback_days', 3) }}`,
    `{% else %}`,
    `  and {{ ref('dim_accounts') }}.x`,
    `{% endif %}`,
    `{{ config(tags=['daily', 'finance'], severity='warn', full_refresh=false, batch=500) }}`,
  ].join('\n');

  it('lists refs, sources and vars with their lines, from both branches', () => {
    const scan = scanTemplate(text, PATH);
    expect(scan.refs).toEqual([
      { name: 'stg_crm_deals', line: 2, when: 'always' },
      { name: 'dim_accounts', line: 8, when: 'full' },
    ]);
    expect(scan.sources).toEqual([{ sourceName: 'crm', tableName: 'accounts', line: 3, when: 'always' }]);
    expect(scan.thisUses).toEqual([{ line: 6, when: 'incremental' }]);
    expect(scan.vars).toEqual([
      { name: 'run_date', line: 4, hasDefault: false },
      { name: 'lookback_days', line: 6, hasDefault: true },
    ]);
  });

  it('merges every config() call, later keys winning and tags adding up', () => {
    const scan = scanTemplate(text, PATH);
    expect(scan.config).toEqual({
      materialized: 'incremental',
      tags: ['finance', 'daily'],
      unique_key: 'deal_id',
      severity: 'warn',
      full_refresh: false,
      batch: 500,
    });
    expect(scan.configLines).toEqual({
      materialized: 1,
      tags: 10,
      unique_key: 1,
      severity: 10,
      full_refresh: 10,
      batch: 10,
    });
  });

  it('reports whether the file uses is_incremental()', () => {
    expect(scanTemplate(text, PATH).usesIsIncremental).toBe(true);
    expect(scanTemplate('select 1', PATH).usesIsIncremental).toBe(false);
  });

  it('accepts a config() call spread over several lines', () => {
    const scan = scanTemplate(`{{\n  config(\n    materialized = "table",\n    sort = ['a', 'b'],\n  )\n}}`, PATH);
    expect(scan.config).toEqual({ materialized: 'table', sort: ['a', 'b'] });
    expect(scan.configLines).toEqual({ materialized: 1, sort: 1 });
  });
});

describe('unsupported constructs and malformed tags', () => {
  const cases: [string, string][] = [
    ['select\n{{ foo(1) }}', `${PATH}:2: unsupported template construct '{{ foo(1) }}'`],
    [`{{ ref('x') | upper }}`, `${PATH}:1: unsupported template construct '{{ ref('x') | upper }}'`],
    [`{{ dbt.datediff('a', 'b', 'day') }}`, `${PATH}:1: unsupported template construct '{{ dbt.datediff('a', 'b', 'day') }}'`],
    [`{{ 1 + 1 }}`, `${PATH}:1: unsupported template construct '{{ 1 + 1 }}'`],
    [`{{ run_date }}`, `${PATH}:1: unsupported template construct '{{ run_date }}'`],
    [`{{ is_incremental() }}`, `${PATH}:1: unsupported template construct '{{ is_incremental() }}'`],
    [`{{ var('x) }}`, `${PATH}:1: unsupported template construct '{{ var('x) }}'`],
    [`{{ ref(model='x', 'y') }}`, `${PATH}:1: unsupported template construct '{{ ref(model='x', 'y') }}'`],
    [
      `{{ datedif('a', 'b', 'day') }}`,
      `${PATH}:1: unsupported template construct '{{ datedif('a', 'b', 'day') }}'; did you mean 'datediff'?`,
    ],
    [
      `{% for c in cols %}{{ c }}{% endfor %}`,
      `${PATH}:1: unsupported template construct '{% for c in cols %}'`,
    ],
    [`{% set x = 1 %}`, `${PATH}:1: unsupported template construct '{% set x = 1 %}'`],
    [`{% if var('x') %}{% endif %}`, `${PATH}:1: unsupported template construct '{% if var('x') %}'`],
    [
      `{% if is_incremental() %}{% elif not is_incremental() %}{% endif %}`,
      `${PATH}:1: unsupported template construct '{% elif not is_incremental() %}'`,
    ],
    ['a\n{% endif %}', `${PATH}:2: '{% endif %}' without a matching '{% if is_incremental() %}'`],
    ['{% else %}', `${PATH}:1: '{% else %}' without a matching '{% if is_incremental() %}'`],
    [
      '{% if is_incremental() %}\n{% else %}\n{% else %}{% endif %}',
      `${PATH}:3: second '{% else %}' in the '{% if is_incremental() %}' opened on line 1`,
    ],
    [
      'x\n{% if is_incremental() %}\n{% if is_incremental() %}{% endif %}',
      `${PATH}:2: '{% if is_incremental() %}' is never closed by '{% endif %}'`,
    ],
    ['select\n  {{ ref("a")', `${PATH}:2: '{{' is never closed by '}}'`],
    ['{% if is_incremental()', `${PATH}:1: '{%' is never closed by '%}'`],
    ['{# note', `${PATH}:1: '{#' is never closed by '#}'`],
  ];
  it.each(cases)('%j', (text, message) => {
    expect(scanError(text).message).toBe(message);
  });
});

describe('wrong arguments', () => {
  const cases: [string, string][] = [
    [`{{ ref() }}`, `ref takes one quoted model name, as in ref('dim_accounts')`],
    [`{{ ref('pkg', 'x') }}`, `ref takes one quoted model name, as in ref('dim_accounts')`],
    [`{{ ref(1) }}`, `ref takes one quoted model name, as in ref('dim_accounts')`],
    [`{{ source('crm') }}`, `source takes a quoted source name and table name, as in source('crm', 'accounts')`],
    [`{{ var() }}`, `var takes a quoted name and an optional default, as in var('run_date', '2026-01-01')`],
    [`{{ var('a', 1, 2) }}`, `var takes a quoted name and an optional default, as in var('run_date', '2026-01-01')`],
    [`{{ config('table') }}`, `config takes keyword arguments only, as in config(materialized='table')`],
    [`{{ config(tags=['a'], tags=['b']) }}`, `'tags' is given twice`],
    [`{{ config(meta=[['a']]) }}`, `'meta' must be a string, number, boolean or a list of them`],
    [`{{ config(where=none) }}`, `'where' must be a string, number, boolean or a list of them`],
    [`{{ datediff('a', 'day') }}`, `missing 'datepart'; datediff takes (first_date, second_date, datepart)`],
    [
      `{{ datediff('a', 'b', 'day', 'x') }}`,
      `4 arguments given; datediff takes (first_date, second_date, datepart)`,
    ],
    [
      `{{ dateadd('day', 1, from_date='x') }}`,
      `unknown argument 'from_date'; dateadd takes (datepart, interval, from_date_or_timestamp)`,
    ],
    [
      `{{ date_trunc('day', 'x', datepart='day') }}`,
      `argument 'datepart' given twice; date_trunc takes (datepart, date)`,
    ],
    [`{{ safe_divide('a', none) }}`, `'denominator' must be a quoted SQL expression; safe_divide takes (numerator, denominator)`],
    [`{{ safe_divide('a', '') }}`, `'denominator' must be a quoted SQL expression; safe_divide takes (numerator, denominator)`],
    [`{{ date_trunc(1, 'x') }}`, `'datepart' must be a quoted name such as 'day'; date_trunc takes (datepart, date)`],
  ];
  it.each(cases)('%s', (text, usage) => {
    expect(scanError(`\n${text}`).message).toBe(`${PATH}:2: wrong arguments in '${text}': ${usage}`);
  });

  it('names an unknown datepart and suggests the close one', () => {
    expect(scanError(`{{ datediff('a', 'b', 'days') }}`).message).toBe(
      `${PATH}:1: unknown datepart 'days' in '{{ datediff('a', 'b', 'days') }}' ` +
        `(one of year, quarter, month, week, day, hour, minute, second); did you mean 'day'?`,
    );
    expect(scanError(`{{ dateadd('fortnight', 1, 'x') }}`).message).toBe(
      `${PATH}:1: unknown datepart 'fortnight' in '{{ dateadd('fortnight', 1, 'x') }}' ` +
        `(one of year, quarter, month, week, day, hour, minute, second)`,
    );
  });

  it('reports errors from renderTemplate too, before any rendering', () => {
    expect(renderError(`{{ foo() }}`).message).toBe(`${PATH}:1: unsupported template construct '{{ foo() }}'`);
  });
});
