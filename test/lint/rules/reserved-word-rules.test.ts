import { describe, expect, it } from 'vitest';
import { line, lintLines, ruleLines } from '../lint-fixture.ts';

const RULE = 'redshift/reserved-word';

describe('redshift/reserved-word', () => {
  it('reports the raw schema, which is reserved in Redshift, wherever it qualifies a table', () => {
    const sql = ['select accounts.account_id', 'from raw.accounts accounts', 'join RAW.users on users.user_id = accounts.owner_id'].join('\n');
    expect(ruleLines(sql, RULE)).toEqual([
      line(2, RULE, 'raw is a reserved word in Redshift, so raw.accounts fails there; quote it ("raw") or rename it'),
      line(3, RULE, 'raw is a reserved word in Redshift, so RAW.users fails there; quote it ("raw") or rename it'),
    ]);
  });

  it('reports reserved words as qualified columns, aliases, CTE names and bare columns', () => {
    const sql = ['with open as (select 1 as tag)', 'select', '    open.tag,', '    offline,', '    1 as snapshot', 'from open'].join('\n');
    expect(ruleLines(sql, RULE)).toEqual([
      line(1, RULE, 'open is a reserved word in Redshift, so open AS (…) fails there; quote it ("open") or rename it'),
      line(1, RULE, 'tag is a reserved word in Redshift, so AS tag fails there; quote it ("tag") or rename it'),
      line(3, RULE, 'open is a reserved word in Redshift, so open.tag fails there; quote it ("open") or rename it'),
      line(3, RULE, 'tag is a reserved word in Redshift, so open.tag fails there; quote it ("tag") or rename it'),
      line(4, RULE, 'offline is a reserved word in Redshift, so offline fails there; quote it ("offline") or rename it'),
      line(5, RULE, 'snapshot is a reserved word in Redshift, so AS snapshot fails there; quote it ("snapshot") or rename it'),
    ]);
  });

  it('accepts quoted reserved words, and reserved type names inside CAST', () => {
    expect(lintLines('select "raw".accounts.account_id, cast(created_at as timestamp) as created_at, 1 as "tag" from "raw".accounts')).toEqual([]);
  });
});
