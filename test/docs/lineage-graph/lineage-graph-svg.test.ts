import { describe, expect, it } from 'vitest';
import { lineageGraphSvg } from '../../../lib/docs/lineage-graph/lineage-graph-svg.ts';
import type { SiteNode } from '../../../lib/docs/site/site-nodes.ts';

const nodes: SiteNode[] = [
  { id: 'source.crm.deals', kind: 'source', layer: 'sources', band: 0, label: 'crm.deals', page: 'sources/crm.deals.html', parents: [] },
  { id: 'model.crm.stg_crm_deals', kind: 'model', layer: 'staging', band: 1, label: 'stg_crm_deals', page: 'models/stg_crm_deals.html', parents: ['source.crm.deals'] },
  {
    id: 'model.crm.mart_x',
    kind: 'model',
    layer: 'marts',
    band: 4,
    label: 'mart_with_a_name_that_is_far_too_long_to_fit_in_any_node_box_of_the_graph',
    page: 'models/mart_x.html',
    description: 'Pipeline <b>by stage</b> & "more"',
    parents: ['model.crm.stg_crm_deals', 'model.crm.not_drawn'],
  },
];

function render(focus?: string): string {
  return lineageGraphSvg({ nodes, focus, title: 'Lineage <of> crm', hrefFor: (node) => `../${node.page}` }).text;
}

describe('lineageGraphSvg', () => {
  it('draws one linked node per node and one edge per parent that is drawn', () => {
    const svg = render();
    expect(svg.match(/<a class="lineage-node /g)).toHaveLength(3);
    expect(svg.match(/<path class="lineage-edge"/g)).toHaveLength(2);
    expect(svg).toContain('data-node-count="3" data-edge-count="2"');
    expect(svg).toContain('href="../models/stg_crm_deals.html" data-id="model.crm.stg_crm_deals" data-layer="staging"');
    expect(svg).toContain('data-from="source.crm.deals" data-to="model.crm.stg_crm_deals"');
    expect(svg).not.toContain('not_drawn');
  });

  it('titles the columns by the layers in them', () => {
    const titles = [...render().matchAll(/<text class="lineage-column-title"[^>]*>([^<]+)</g)].map((match) => match[1]);
    expect(titles).toEqual(['Sources', 'Staging', 'Marts']);
  });

  it('escapes labels, descriptions and the title, and shortens a label that does not fit', () => {
    const svg = render();
    expect(svg).toContain('aria-label="Lineage &lt;of&gt; crm"');
    expect(svg).toContain('Pipeline &lt;b&gt;by stage&lt;/b&gt; &amp; &quot;more&quot;');
    expect(svg).not.toContain('<b>');
    expect(svg).toMatch(/<text class="lineage-node-label"[^>]*>mart_with_a_name_that_is_far_too_lo…<\/text>/);
    expect(svg).toContain('data-label="mart_with_a_name_that_is_far_too_long_to_fit_in_any_node_box_of_the_graph"');
  });

  it('marks the focus node', () => {
    expect(render('model.crm.stg_crm_deals')).toContain('class="lineage-node layer-staging is-focus"');
    expect(render()).not.toContain('is-focus');
  });
});
