import { describe, expect, it } from 'vitest';
import { RedshiftSqlError } from '../../../lib/data-api-endpoint/sql/redshift-sql-error.ts';
import { joinTokens, stringValue, tokenize, type Token } from '../../../lib/data-api-endpoint/sql/sql-tokens.ts';

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

describe('Redshift string literals', () => {
  it('ends a plain literal as Redshift does: a backslash escapes the quote after it', () => {
    expect(kinds(String.raw`'a\';b' ; 'c'`)).toEqual([
      ['string', String.raw`'a\';b'`],
      ['punctuation', ';'],
      ['string', "'c'"],
    ]);
    expect(() => tokenize(String.raw`select 'ends in a backslash\'`)).toThrow('unterminated quoted string');
  });

  it('decodes the escapes of a plain literal for COPY options and paths', () => {
    const value = (sql: string): string => stringValue(tokenize(sql)[0] as Token);
    expect(value(String.raw`'\t'`)).toBe('\t');
    expect(value(String.raw`'it\'s o''k'`)).toBe("it's o'k");
    expect(value(String.raw`'s3://b/a\\b'`)).toBe('s3://b/a\\b');
    expect(value(String.raw`'\101\x42\q'`)).toBe('ABq');
  });
});
