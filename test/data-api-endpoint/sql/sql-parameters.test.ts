import { describe, expect, it } from 'vitest';
import { bindParameters, unboundParameterNames } from '../../../lib/data-api-endpoint/sql/sql-parameters.ts';
import { joinTokens, tokenize } from '../../../lib/data-api-endpoint/sql/sql-tokens.ts';

describe('bindParameters', () => {
  it('replaces each :name by an untyped literal, quoting the value', () => {
    const tokens = tokenize(`select * from t where name = :name and note = ':name' and id::text = :id`);
    const bound = bindParameters(tokens, [
      { name: 'name', value: "O'Brien" },
      { name: 'id', value: '7' },
    ]);
    expect(joinTokens(bound)).toBe(`select * from t where name = 'O''Brien' and note = ':name' and id::text = '7'`);
  });

  it('names the placeholders no parameter supplies', () => {
    expect(unboundParameterNames(tokenize('select :a, :b, :a'), [{ name: 'b', value: '1' }])).toEqual(['a']);
  });
});
