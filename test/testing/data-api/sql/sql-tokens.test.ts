import { describe, expect, it } from 'vitest';
import { RedshiftSqlError } from '../../../../lib/testing/data-api/sql/redshift-sql-error.ts';
import { joinTokens, tokenize } from '../../../../lib/testing/data-api/sql/sql-tokens.ts';

const kinds = (sql: string) => tokenize(sql).filter((token) => token.kind !== 'space').map((token) => [token.kind, token.text]);

describe('tokenize', () => {
  it('gives back the input exactly when its tokens are joined', () => {
    const sql = `select 'it''s', E'a\\'b', $tag$ x; $tag$, "Quoted ""id""" /* c /* nested */ */ from t -- end`;
    expect(joinTokens(tokenize(sql))).toBe(sql);
  });

  it('keeps strings, dollar quotes and comments whole', () => {
    expect(kinds(`'a;b' $$c;d$$ /* e;f */ -- g;h`)).toEqual([
      ['string', `'a;b'`],
      ['string', '$$c;d$$'],
      ['comment', '/* e;f */'],
      ['comment', '-- g;h'],
    ]);
  });

  it('tells a :name parameter from a :: cast', () => {
    expect(kinds('x::int = :day_1')).toEqual([
      ['word', 'x'],
      ['operator', '::'],
      ['word', 'int'],
      ['operator', '='],
      ['parameter', ':day_1'],
    ]);
  });

  it('rejects an unterminated string', () => {
    expect(() => tokenize(`select 'open`)).toThrow(RedshiftSqlError);
    expect(() => tokenize(`select 'open`)).toThrow('unterminated quoted string');
  });

  it('rejects an unterminated block comment, dollar quote and quoted identifier', () => {
    expect(() => tokenize('select /* open')).toThrow('unterminated /* comment');
    expect(() => tokenize('select "open')).toThrow('unterminated quoted identifier');
    expect(() => tokenize('select $$ open')).toThrow('unterminated dollar-quoted string');
  });
});
