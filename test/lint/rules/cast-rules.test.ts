import { describe, expect, it } from 'vitest';
import { line, lintLines, ruleLines } from '../lint-fixture.ts';

describe('portable/no-double-colon-cast', () => {
  it('reports each :: cast with the CAST form to write', () => {
    const sql = ['select', '    amount::decimal(18, 2) as amount,', '    created_at::timestamp with time zone as created_at', 'from t'].join('\n');
    expect(ruleLines(sql, 'portable/no-double-colon-cast')).toEqual([
      line(2, 'portable/no-double-colon-cast', '::decimal is PostgreSQL shorthand; write CAST(… AS decimal), the one cast form the project uses on every engine'),
      line(
        3,
        'portable/no-double-colon-cast',
        '::timestamp with time zone is PostgreSQL shorthand; write CAST(… AS timestamp with time zone), the one cast form the project uses on every engine',
      ),
    ]);
  });

  it('ignores :: inside strings and comments', () => {
    expect(ruleLines("-- amount::int\nselect 'a::b' as text_value", 'portable/no-double-colon-cast')).toEqual([]);
  });

  it('accepts CAST(… AS …)', () => {
    expect(lintLines('select cast(amount as decimal(18,2)) as amount from t')).toEqual([]);
  });
});

describe('redshift/no-reg-cast', () => {
  it('reports ::regclass', () => {
    expect(ruleLines("select 'analytics.fact_deals'::regclass as relation", 'redshift/no-reg-cast')).toEqual([
      line(1, 'redshift/no-reg-cast', '::regclass is not supported by Redshift (no object identifier types); name the relation directly'),
    ]);
  });

  it('reports CAST(… AS regtype) as well', () => {
    expect(ruleLines("select cast('int4' as regtype) as type_oid", 'redshift/no-reg-cast')).toEqual([
      line(1, 'redshift/no-reg-cast', 'CAST(… AS regtype) is not supported by Redshift (no object identifier types); name the relation directly'),
    ]);
  });

  it('accepts naming the relation', () => {
    expect(lintLines("select 'analytics.fact_deals' as relation")).toEqual([]);
  });
});

describe('redshift/unsupported-type', () => {
  it('reports types from the reference, including ones the grammars reject', () => {
    const sql = ['select', '    cast(payload as jsonb) as payload,', '    cast(doc as xml) as doc,', '    cast(id as uuid) as id', 'from t'].join('\n');
    expect(ruleLines(sql, 'redshift/unsupported-type')).toEqual([
      line(2, 'redshift/unsupported-type', 'the jsonb type is not supported by Redshift (JSON); Redshift keeps JSON in SUPER, which PostgreSQL lacks, so parse JSON before it reaches the models'),
      line(3, 'redshift/unsupported-type', 'the xml type is not supported by Redshift (XML)'),
      line(4, 'redshift/unsupported-type', 'the uuid type is not supported by Redshift (UUID); use VARCHAR(36)'),
    ]);
  });

  it('tells the quoted "char" type from CHAR', () => {
    expect(ruleLines('select cast(flag as "char") as flag, cast(code as char(2)) as code from t', 'redshift/unsupported-type')).toEqual([
      line(1, 'redshift/unsupported-type', 'the "char" type is not supported by Redshift (special character types); use CHAR(1)'),
    ]);
  });

  it('accepts the types every engine has', () => {
    expect(lintLines('select cast(id as varchar(36)) as id, cast(amount as decimal(18,2)) as amount, cast(at as timestamp) as at, cast(n as bigint) as n from t')).toEqual([]);
  });
});

describe('redshift/string-length', () => {
  it('reports TEXT and a VARCHAR without length', () => {
    const sql = 'select\n    cast(subject as text) as subject,\n    cast(body as varchar) as body\nfrom t';
    expect(ruleLines(sql, 'redshift/string-length')).toEqual([
      line(2, 'redshift/string-length', 'text is VARCHAR(256) in Redshift, which rejects longer values, but unbounded in PostgreSQL and DuckDB; cast to VARCHAR(n) with the length the column needs'),
      line(3, 'redshift/string-length', 'varchar is VARCHAR(256) in Redshift, which rejects longer values, but unbounded in PostgreSQL and DuckDB; cast to VARCHAR(n) with the length the column needs'),
    ]);
  });

  it('accepts VARCHAR(n)', () => {
    expect(lintLines('select cast(subject as varchar(1000)) as subject from t')).toEqual([]);
  });
});
