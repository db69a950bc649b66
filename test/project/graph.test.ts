import { describe, expect, it } from 'vitest';
import { DependencyGraph, type GraphNode } from '../../lib/project/graph.ts';
import { ProjectError } from '../../lib/project/errors.ts';

function model(name: string, ...dependsOn: string[]): GraphNode {
  return { id: `model.crm.${name}`, name, path: `sql/staging/${name}.sql`, dependsOn: dependsOn.map((d) => `model.crm.${d}`) };
}

function names(ids: Iterable<string>): string[] {
  return [...ids].map((id) => id.replace('model.crm.', '')).sort();
}

describe('DependencyGraph.topologicalOrder', () => {
  it('puts dependencies first, generation by generation, by name within one, whatever the input order', () => {
    const nodes = [model('fact_deals', 'stg_deals', 'dim_accounts'), model('stg_deals'), model('dim_accounts', 'stg_accounts'), model('stg_accounts'), model('a_mart', 'fact_deals')];
    const expected = ['stg_accounts', 'stg_deals', 'dim_accounts', 'fact_deals', 'a_mart'];

    expect(new DependencyGraph(nodes).topologicalOrder().map((id) => id.replace('model.crm.', ''))).toEqual(expected);
    expect(new DependencyGraph([...nodes].reverse()).topologicalOrder().map((id) => id.replace('model.crm.', ''))).toEqual(expected);
  });

  it('reports a cycle with the models and their files', () => {
    const graph = new DependencyGraph([model('c', 'b'), model('b', 'a'), model('a', 'c'), model('x')]);

    let thrown: unknown;
    try {
      graph.topologicalOrder();
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(ProjectError);
    expect((thrown as Error).message).toBe(
      'sql/staging/a.sql: dependency cycle: model.crm.a -> model.crm.c -> model.crm.b -> model.crm.a ' +
        '(files: sql/staging/a.sql, sql/staging/c.sql, sql/staging/b.sql)',
    );
  });

  it('reports a self-reference as a cycle', () => {
    expect(() => new DependencyGraph([model('a', 'a')]).topologicalOrder()).toThrow('dependency cycle: model.crm.a -> model.crm.a');
  });

  it('rejects an edge to a node it does not hold', () => {
    expect(() => new DependencyGraph([model('a', 'missing')])).toThrow('graph node model.crm.a depends on unknown node model.crm.missing');
  });

  it('rejects a node given twice', () => {
    expect(() => new DependencyGraph([model('a'), model('a')])).toThrow('graph node model.crm.a given twice');
  });
});

describe('DependencyGraph closures', () => {
  // a <- b <- c <- d, and e <- c
  const graph = new DependencyGraph([model('a'), model('b', 'a'), model('e'), model('c', 'b', 'e'), model('d', 'c')]);

  it('walks every ancestor, or only `depth` generations', () => {
    expect(names(graph.upstream(['model.crm.d']))).toEqual(['a', 'b', 'c', 'e']);
    expect(names(graph.upstream(['model.crm.d'], 1))).toEqual(['c']);
    expect(names(graph.upstream(['model.crm.d'], 2))).toEqual(['b', 'c', 'e']);
    expect(names(graph.upstream(['model.crm.d'], 0))).toEqual([]);
  });

  it('walks every descendant, or only `depth` generations', () => {
    expect(names(graph.downstream(['model.crm.a']))).toEqual(['b', 'c', 'd']);
    expect(names(graph.downstream(['model.crm.a'], 2))).toEqual(['b', 'c']);
    expect(names(graph.downstream(['model.crm.e', 'model.crm.c']))).toEqual(['c', 'd']);
  });
});
