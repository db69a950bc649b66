import { describe, expect, it } from 'vitest';
import { sourceLineMapping } from '../../lib/lint/source-line-map.ts';
import { renderTemplate, type TemplateContext } from '../../lib/project/template.ts';

const CONTEXT: TemplateContext = {
  target: 'redshift',
  vars: { run_date: '2026-11-24' },
  isIncremental: false,
  resolveRef: (name) => `analytics.${name}`,
  resolveSource: (_source, table) => `raw.${table}`,
  self: 'analytics.fact_x',
};

/** Compiles as the compiler does (rendered, then trimmed) and maps every compiled line back. */
function mapped(template: string, context: Partial<TemplateContext> = {}): string[] {
  const compiled = renderTemplate(template, 'sql/facts/fact_x.sql', { ...CONTEXT, ...context }).trim();
  const mapping = sourceLineMapping(template, compiled);
  return compiled.split('\n').map((text, index) => {
    const source = mapping(index + 1);
    return `${source.line}${source.exact ? '' : '~'} ${text}`;
  });
}

describe('sourceLineMapping', () => {
  it('maps an untemplated model line for line, exactly', () => {
    expect(mapped('select\n    deal_id\nfrom t')).toEqual(['1 select', '2     deal_id', '3 from t']);
  });

  it('follows the lines a leading config() call and the trim remove', () => {
    const template = "{{ config(materialized='incremental') }}\n\nselect deal_id\nfrom {{ ref('stg_crm_deals') }}";
    expect(mapped(template)).toEqual(['3 select deal_id', '4~ from analytics.stg_crm_deals']);
  });

  it('skips the lines of an is_incremental() branch that is not rendered', () => {
    const template = [
      'select deal_id',
      'from t',
      '{% if is_incremental() %}',
      "where updated_at > (select max(updated_at) from {{ this }})",
      '{% endif %}',
      'order by deal_id',
    ].join('\n');
    expect(mapped(template)).toEqual(['1 select deal_id', '2 from t', '3~ ', '6 order by deal_id']);
    expect(mapped(template, { isIncremental: true })[3]).toBe('4~ where updated_at > (select max(updated_at) from analytics.fact_x)');
  });

  it('maps a line whose tag spans lines to the last of them, which holds the rest of the SQL', () => {
    const template = ['select', '    {{ datediff(', "        'created_at',", "        'closed_at',", "        'day') }} as cycle_days,", '    deal_id', 'from t'].join('\n');
    expect(mapped(template)).toEqual(['1 select', '5~     datediff(day, created_at, closed_at) as cycle_days,', '6     deal_id', '7 from t']);
  });

  it('keeps lines joined by whitespace control on the line they start on', () => {
    const template = ['select', '    deal_id,', '    {%- if is_incremental() %} 1 {%- else %} 0 {%- endif %}', '    as flag', 'from t'].join('\n');
    expect(mapped(template)).toEqual(['1 select', '2~     deal_id, 0', '4     as flag', '5 from t']);
  });
});
