/**
 * selectors.yml: each definition becomes the --select and --exclude words the command line would
 * take, and every mistake names its place in the file.
 */
import { describe, expect, it } from 'vitest';
import { ProjectErrors } from '../../lib/project/errors.ts';
import { loadSelectors, parseSelectors } from '../../lib/project/selectors-file.ts';

function problems(value: unknown): string[] {
  try {
    parseSelectors(value);
  } catch (error) {
    if (error instanceof ProjectErrors) return error.errors.map((problem) => problem.message);
    throw error;
  }
  throw new Error('expected project errors');
}

describe('selectors.yml', () => {
  it("reads the repository's selectors", async () => {
    const selectors = await loadSelectors('.');
    expect(selectors.get('slim_ci')).toMatchObject({ select: ['state:modified+'], exclude: [] });
    expect(selectors.get('marts_only')).toMatchObject({ select: ['tag:mart'], exclude: [] });
    expect(selectors.get('revenue_dashboard')).toMatchObject({ select: ['+exposure:revenue_analytics_dashboard'], exclude: ['tag:staging'] });
  });

  it('translates strings, methods with graph operators, unions with exclusions and intersections', () => {
    const selectors = parseSelectors({
      selectors: [
        { name: 'words', definition: 'tag:fact  fact_deals+' },
        { name: 'depths', definition: { method: 'path', value: 'sql/facts', parents_depth: 2, children: true } },
        { name: 'at', definition: { method: 'fqn', value: 'dim_accounts', childrens_parents: true } },
        {
          name: 'mixed',
          definition: {
            union: [{ intersection: ['tag:fact', { method: 'config.materialized', value: 'table' }] }, 'source:crm+', { exclude: ['fact_orders', { method: 'tag', value: 'mart' }] }],
          },
        },
      ],
    });
    expect(Object.fromEntries([...selectors].map(([name, selector]) => [name, [selector.select, selector.exclude]]))).toEqual({
      words: [['tag:fact', 'fact_deals+'], []],
      depths: [['2+path:sql/facts+'], []],
      at: [['@dim_accounts'], []],
      mixed: [['tag:fact,config.materialized:table', 'source:crm+'], ['fact_orders', 'tag:mart']],
    });
  });

  it('names every mistake with its place', () => {
    expect(problems({ selector: [] })).toEqual(["selectors.yml: expected 'selectors:', a list of {name, definition}"]);
    expect(
      problems({
        selectors: [
          { name: 'a' },
          { name: 'b', definition: { method: 'tag' } },
          { name: 'c', definition: { intersection: ['tag:x', { union: ['a', 'b'] }] } },
          { name: 'd', definition: { union: [] } },
          { name: 'e', definition: { method: 'tag', value: 'x', parents_depth: 0 } },
          { name: 'e', definition: 'x' },
          { name: 'f', definition: 3 },
        ],
      }),
    ).toEqual([
      'selectors.yml: selectors[0]: expected a mapping with name: and definition:',
      'selectors.yml: selectors[1].definition: expected method: and value: (or union:, intersection:)',
      'selectors.yml: selectors[2].definition.intersection[1]: each part of an intersection is one selector (a union inside an intersection is not supported)',
      'selectors.yml: selectors[3].definition.union: expected a non-empty list',
      'selectors.yml: selectors[4].definition.parents_depth: expected a whole number of at least 1',
      "selectors.yml: selectors[5].name: selector 'e' is defined twice",
      'selectors.yml: selectors[6].definition: expected a string, a method: mapping, union: or intersection:',
    ]);
  });
});
