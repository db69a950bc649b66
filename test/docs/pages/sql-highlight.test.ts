import { describe, expect, it } from 'vitest';
import { highlightSql } from '../../../lib/docs/pages/sql-highlight.ts';

/** The text a browser shows: tags removed, entities decoded. */
function shownText(markup: string): string {
  return markup
    .replace(/<[^>]+>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

describe('highlightSql', () => {
  const sql = `-- deals <b>
select "Select", 'it''s <i>' as label, 42 as n /* a * comment */
from raw.deals where amount > 0 & 1`;

  it('shows exactly the SQL it was given', () => {
    expect(shownText(highlightSql(sql).text)).toBe(sql);
  });

  it('escapes markup inside comments, strings and operators', () => {
    const markup = highlightSql(sql).text;
    expect(markup).not.toMatch(/<b>|<i>/);
    expect(markup).toContain('&amp; <span class="sql-number">1</span>');
  });

  it('classes keywords, strings, quoted identifiers, numbers and comments', () => {
    const markup = highlightSql(sql).text;
    expect(markup).toContain('<span class="sql-comment">-- deals &lt;b&gt;</span>');
    expect(markup).toContain('<span class="sql-keyword">select</span>');
    expect(markup).toContain('<span class="sql-identifier">&quot;Select&quot;</span>');
    expect(markup).toContain('<span class="sql-string">&#39;it&#39;&#39;s &lt;i&gt;&#39;</span>');
    expect(markup).toContain('<span class="sql-number">42</span>');
    expect(markup).toContain('<span class="sql-comment">/* a * comment */</span>');
    expect(markup).toContain('raw.deals');
    expect(markup).not.toContain('<span class="sql-keyword">deals</span>');
  });

  it('ends an unterminated string or comment at the end of the text', () => {
    expect(highlightSql("select 'open").text).toContain('<span class="sql-string">&#39;open</span>');
    expect(highlightSql('select /* open').text).toContain('<span class="sql-comment">/* open</span>');
  });
});
