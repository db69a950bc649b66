import { describe, expect, it } from 'vitest';
import { panels } from '../../lib/dashboards/page/panels.ts';

describe('panels', () => {
  it('renders a message panel as its text, escaped, with no chart box for the page script to fill', () => {
    const page = panels([{ kind: 'message', id: 'scores', title: 'Churn & upsell', width: 'full', message: 'Run `score` <then> docs.' }]).text;
    expect(page).toContain('<article class="panel panel-full" id="panel-scores">');
    expect(page).toContain('<h2>Churn &amp; upsell</h2>');
    expect(page).toContain('<p class="empty" data-message="scores">Run `score` &lt;then&gt; docs.</p>');
    expect(page).not.toContain('data-chart');
  });

  it('renders a definitions panel as a definition list, term by term', () => {
    const page = panels([
      {
        kind: 'definitions',
        id: 'defs',
        title: 'Definitions',
        width: 'full',
        definitions: [
          { term: 'NRR', definition: 'Revenue now / revenue then.' },
          { term: 'GRR', definition: 'As NRR, at most 100% <per customer>.' },
        ],
      },
    ]).text;
    expect(page).toContain('<dl class="definitions" data-definitions="defs">');
    expect(page).toContain('<div><dt>NRR</dt><dd>Revenue now / revenue then.</dd></div>');
    expect(page).toContain('<div><dt>GRR</dt><dd>As NRR, at most 100% &lt;per customer&gt;.</dd></div>');
  });
});
