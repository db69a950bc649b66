import { describe, expect, it } from 'vitest';
import { breakable, escapeHtml, html, scriptJson, trusted } from '../../../lib/docs/html/html.ts';

describe('html', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const text = `<script>alert("x")</script> & 'quotes'`;
    expect(html`<p title="${text}">${text}</p>`.text).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>',
    );
  });

  it('keeps nested html and trusted markup as they are, and joins arrays', () => {
    const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>${trusted('&nbsp;')}`.text).toBe('<ul><li>a&lt;b</li><li>c</li></ul>&nbsp;');
  });

  it('renders nothing for false, null and undefined, and numbers as text', () => {
    expect(html`${false}${null}${undefined}${0}${true}`.text).toBe('0true');
  });

  it('escapes the characters escapeHtml is given', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});

describe('scriptJson', () => {
  it('cannot end the script element it is embedded in', () => {
    const json = scriptJson({ description: '</script><script>alert(1)</script> <!-- \u2028' });
    expect(json).not.toMatch(/<\/script|<!--/i);
    expect(JSON.parse(json)).toEqual({ description: '</script><script>alert(1)</script> <!-- \u2028' });
  });
});

describe('breakable', () => {
  it('allows a line break after underscores and dots, escaping the parts', () => {
    expect(breakable('stg_crm.deal<id>').text).toBe('stg_<wbr>crm.<wbr>deal&lt;id&gt;');
  });
});
