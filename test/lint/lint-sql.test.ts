import { describe, expect, it } from 'vitest';
import { lintSql } from '../../lib/lint/lint-sql.ts';
import { line, lintLines, PLACE } from './lint-fixture.ts';

describe('lintSql', () => {
  it('gives every finding its file, line, column, node, rule, construct and message', () => {
    expect(lintSql('select\n    count(*) filter (where is_won) as won\nfrom analytics.fact_deals', PLACE)).toEqual([
      {
        path: 'sql/facts/fact_x.sql',
        line: 2,
        column: 14,
        node: 'model.crm.fact_x',
        rule: 'redshift/no-filter-clause',
        construct: 'FILTER (WHERE …)',
        message: 'FILTER (WHERE …) is not supported by Redshift; use CASE inside the aggregate',
      },
    ]);
  });

  it('reports SQL that no grammar parses as its own finding at the line where the parser stopped', () => {
    const sql = ['select', '    account_id,', "    listagg(email, ',') within group (order by email) as emails", 'from t', 'group by account_id'].join('\n');
    expect(lintLines(sql)).toEqual([
      line(
        3,
        'redshift/unparseable',
        `node-sql-parser's Redshift and PostgreSQL grammars both reject this SQL (Redshift grammar: unexpected "(" at line 3), so only the token checks could run; write it in plain SELECT syntax`,
      ),
    ]);
  });

  it('still runs the token checks on SQL that does not parse', () => {
    const sql = "select\n    a is not distinct from b as same,\n    c::int as c\nfrom t";
    const rules = lintSql(sql, PLACE).map((finding) => `${finding.line} ${finding.rule}`);
    expect(rules).toEqual(['2 redshift/no-is-distinct-from', '2 redshift/unparseable', '3 portable/no-double-colon-cast']);
  });

  it('places findings through the line mapping, keeping columns only for unchanged lines', () => {
    const findings = lintSql('select\n    now() as at\nfrom t', PLACE, (compiledLine) => ({ line: compiledLine + 10, exact: compiledLine !== 2 }));
    expect(findings.map(({ line: at, column }) => ({ at, column }))).toEqual([{ at: 12, column: undefined }]);
  });

  it('finds nothing in a portable staging model', () => {
    const sql = [
      'with source as (',
      '    select',
      '        *,',
      '        row_number() over (partition by account_id order by updated_at desc nulls last, _ingest_date desc) as version_rank',
      '    from "raw".accounts',
      '    where account_id is not null',
      '),',
      'renamed as (',
      "    select account_id, nullif(trim(account_name), '') as account_name, cast(annual_revenue as decimal(18,2)) as annual_revenue",
      '    from source',
      '    where version_rank = 1 and coalesce(is_deleted, false) = false',
      ')',
      'select * from renamed',
    ].join('\n');
    expect(lintLines(sql)).toEqual([]);
  });
});
