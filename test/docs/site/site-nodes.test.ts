import { describe, expect, it } from 'vitest';
import { layerTitle, siteLayers, siteNodes } from '../../../lib/docs/site/site-nodes.ts';
import { docsPlan } from '../docs-plan-fixture.ts';

describe('site layers', () => {
  it('are the sources, the plan\'s layers in build order, then the exposures', () => {
    const plan = { ...docsPlan(), layers: [{ name: 'staging', schema: 'staging' }, { name: 'semantic_models', schema: 'semantic' }, { name: 'marts', schema: 'marts' }] };
    expect(siteLayers(plan)).toEqual(['sources', 'staging', 'semantic_models', 'marts', 'exposures']);
    expect(siteLayers(plan).map(layerTitle)).toEqual(['Sources', 'Staging', 'Semantic models', 'Marts', 'Exposures']);
  });

  it('give every node the lineage band of its layer', () => {
    const plan = docsPlan();
    const bands = new Map(siteLayers(plan).map((layer, band) => [layer, band]));
    const nodes = siteNodes(plan);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) expect(node.band, node.id).toBe(bands.get(node.layer));
    expect(new Set(nodes.map((node) => node.band)).size).toBe(new Set(nodes.map((node) => node.layer)).size);
  });
});
