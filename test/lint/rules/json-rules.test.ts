import { describe, expect, it } from 'vitest';
import { line, lintLines, ruleLines } from '../lint-fixture.ts';

const RULE = 'redshift/no-postgres-json';

describe('redshift/no-postgres-json', () => {
  it('reports the -> and ->> operators', () => {
    const sql = ['select', "    payload -> 'owner' as owner,", "    payload ->> 'stage' as stage", 'from t'].join('\n');
    expect(ruleLines(sql, RULE)).toEqual([
      line(2, RULE, '-> is a PostgreSQL JSON operator that Redshift does not support; extract the fields before the data reaches the models'),
      line(3, RULE, '->> is a PostgreSQL JSON operator that Redshift does not support; extract the fields before the data reaches the models'),
    ]);
  });

  it('reports JSON and JSONB functions', () => {
    expect(ruleLines('select jsonb_build_object(\'id\', deal_id) as doc from t', RULE)).toEqual([
      line(1, RULE, 'JSONB_BUILD_OBJECT(…) is a PostgreSQL JSON function that Redshift does not support; extract the fields before the data reaches the models'),
    ]);
  });

  it('accepts plain columns', () => {
    expect(lintLines('select owner_id, stage from t')).toEqual([]);
  });
});
