import { describe, expect, it } from 'vitest';
import { grantSelectStatements, parseGrantee } from '../../lib/publish/grant-statements.ts';

const relation = { schema: 'marts', name: 'mart_revenue' };
const grants = { select: ['role:bi_readers', 'group:finance', 'analyst'] };

describe('grant statements', () => {
  it('spells roles and groups the Redshift way', () => {
    expect(grantSelectStatements('redshift', relation, grants)).toEqual([
      'grant select on "marts"."mart_revenue" to role "bi_readers"',
      'grant select on "marts"."mart_revenue" to group "finance"',
      'grant select on "marts"."mart_revenue" to "analyst"',
    ]);
  });

  it('grants every grantee as a role on Postgres, and nothing on DuckDB or without grants', () => {
    expect(grantSelectStatements('postgres', relation, grants)).toEqual([
      'grant select on "marts"."mart_revenue" to "bi_readers"',
      'grant select on "marts"."mart_revenue" to "finance"',
      'grant select on "marts"."mart_revenue" to "analyst"',
    ]);
    expect(grantSelectStatements('duckdb', relation, grants)).toEqual([]);
    expect(grantSelectStatements('redshift', relation, undefined)).toEqual([]);
  });

  it('reads a prefix only when it is role: or group:', () => {
    expect(parseGrantee('IAMR:crm-reader')).toEqual({ kind: 'user', name: 'IAMR:crm-reader' });
    expect(parseGrantee('role:')).toEqual({ kind: 'user', name: 'role:' });
  });
});
