import { describe, expect, it } from 'vitest';
import { tokenizeSql } from '../../lib/lint/sql-tokens.ts';

const shape = (sql: string): string[] => tokenizeSql(sql).map((token) => `${token.kind}:${token.text}@${token.line}:${token.column}`);

describe('tokenizeSql', () => {
  it('drops comments, nested block comments included', () => {
    expect(shape('select /* a /* b */ c */ x -- y\nfrom t')).toEqual(['word:select@1:1', 'word:x@1:26', 'word:from@2:1', 'word:t@2:6']);
  });

  it('keeps strings opaque, with doubled quotes, E-strings and dollar quoting', () => {
    expect(tokenizeSql("select 'it''s -- not a comment', E'a\\'b', $q$ raw.x $q$").map((token) => token.kind)).toEqual(['word', 'string', 'symbol', 'string', 'symbol', 'string']);
  });

  it('tells quoted identifiers from words and upper-cases their inside for matching', () => {
    expect(tokenizeSql('"raw"."Mixed""Name" raw').map((token) => `${token.kind}:${token.upper}`)).toEqual([
      'quoted-identifier:RAW',
      'symbol:.',
      'quoted-identifier:MIXED"NAME',
      'word:RAW',
    ]);
  });

  it('reads multi-character operators as one token', () => {
    expect(tokenizeSql("a::int, b->>'k', c->'k', d #>> e, 1.5e3").filter((token) => token.kind !== 'word' && token.kind !== 'string').map((token) => token.text)).toEqual([
      '::',
      ',',
      '->>',
      ',',
      '->',
      ',',
      '#>>',
      ',',
      '1.5e3',
    ]);
  });

  it('counts lines across multi-line strings', () => {
    expect(shape("select 'a\nb' as x").at(-1)).toBe('word:x@2:7');
  });
});
