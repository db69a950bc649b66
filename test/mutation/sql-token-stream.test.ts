import { describe, expect, it } from 'vitest';
import { MutationSyntaxError, positionOf, significantTokens, tokenStream } from '../../lib/mutation/sql-token-stream.ts';

describe('the mutation token stream', () => {
  it('gives back the file exactly, every token at its offset', () => {
    const sql = "select a, -- note\n  'x''y' as s, {{ ref('m') }}\nfrom t /* c */ where b >= 1";
    const tokens = tokenStream(sql, 'm.sql');
    expect(tokens.map((token) => token.text).join('')).toBe(sql);
    for (const token of tokens) expect(sql.slice(token.start, token.start + token.text.length)).toBe(token.text);
  });

  it('keeps each template tag whole and opaque, even with quotes and newlines inside', () => {
    const sql = "select {{ datediff('a',\n 'b', 'day') }} as d, {% if is_incremental() %}1{% endif %} {# why #}";
    const kinds = significantTokens(tokenStream(sql, 'm.sql')).map((token) => [token.kind, token.text]);
    expect(kinds).toEqual([
      ['word', 'select'],
      ['template', "{{ datediff('a',\n 'b', 'day') }}"],
      ['word', 'as'],
      ['word', 'd'],
      ['punctuation', ','],
      ['template', '{% if is_incremental() %}'],
      ['number', '1'],
      ['template', '{% endif %}'],
      ['template', '{# why #}'],
    ]);
  });

  it('lexes a template tag inside quotes as part of one string', () => {
    const tokens = significantTokens(tokenStream(`select cast('{{ var("run_date") }}' as date)`, 'm.sql'));
    expect(tokens.filter((token) => token.kind === 'string').map((token) => token.text)).toEqual([`'{{ var("run_date") }}'`]);
  });

  it('names the file when the SQL cannot be lexed', () => {
    expect(() => tokenStream("select 'unterminated", 'sql/facts/m.sql')).toThrow(MutationSyntaxError);
    expect(() => tokenStream("select 'unterminated", 'sql/facts/m.sql')).toThrow('sql/facts/m.sql: cannot tokenize for mutation: unterminated quoted string');
  });

  it('places offsets at 1-based lines and columns', () => {
    expect(positionOf('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(positionOf('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
