/**
 * dbt node selection (`--select`, `--exclude`) over a compiled plan, so the CLI and the cloud steps
 * select from the same artifact.
 *
 * Selector syntax, one selector per space-separated word (union); comma-joined selectors intersect:
 * - `fact_deals`            a model (or a test) by name
 * - `tag:fact`              models with the tag
 * - `path:sql/facts`        models and singular tests in the folder, or one file (`path:sql/facts/fact_deals.sql`);
 *                           a bare word with a `/` or ending in `.sql` is read as a path
 * - `source:crm`, `source:crm.accounts`   source tables
 * - `crm` (the project name), `*`          everything
 * - `config.materialized:view`, `resource_type:model` (model, test, unit_test, source, exposure),
 *   `test_type:generic` (generic, singular, unit), `exposure:revenue_dashboard` (with `+`: what it uses)
 * - `state:modified`, `state:new`, `state:modified.body`, `state:modified.configs`
 *                                          against the plan of `--state <dir>` (state-comparison.ts)
 * - `result:error` (success, error, fail, warn, pass, skipped)   the node's status in that run
 * - graph operators on any of them: `+x` (and all ancestors), `x+` (and all descendants), `+x+`,
 *   `2+x` / `x+1` (at most that many generations), `@x` (x, its descendants and all their ancestors)
 *
 * Tests follow what they audit: a test is selected when the model or source it is attached to is
 * selected (it can also be selected by name or `path:`). Exclusion works the same way: excluding a
 * model excludes its tests. Unit tests follow the model they test in the same way (dbt's
 * `--select fact_deals` runs its unit tests too). A selector that matches nothing is an error, so a
 * typo never selects nothing silently; only `state:` and `result:` may match nothing (nothing
 * changed, nothing failed).
 */
import type { Materialization, Plan, PlanTest, PlanUnitTest } from '../plan/plan.ts';
import { closestName } from './closest-name.ts';
import { ProjectError } from './errors.ts';
import { DependencyGraph } from './graph.ts';
import { compareWithState, type StateDifference } from './state-comparison.ts';

/** What `--state <dir>` holds: a former run's plan and, when written, its node results. */
export interface SelectionState {
  readonly plan: Plan;
  /** Each node's status in the state's run_results.json, by unique id. */
  readonly results?: ReadonlyMap<string, string>;
}

export interface SelectionOptions {
  /** Selectors to include; none (or only empty words) selects everything. */
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  /** For `state:` and `result:` selectors. */
  readonly state?: SelectionState;
}

/** Selected node ids, each list in plan order. */
export interface Selection {
  readonly sources: readonly string[];
  readonly models: readonly string[];
  readonly tests: readonly string[];
  readonly unitTests: readonly string[];
}

/** A selector that is malformed or matches nothing; `place` is the CLI flag it came from. */
export class SelectionError extends ProjectError {
  constructor(flag: '--select' | '--exclude', detail: string) {
    super(flag, detail);
    this.name = 'SelectionError';
  }
}

interface ParsedSelector {
  readonly text: string;
  readonly method: Method | 'name' | 'path' | 'everything';
  readonly value: string;
  /** Generations of ancestors to add: undefined = none, Infinity = all. */
  readonly ancestors?: number;
  readonly descendants?: number;
  /** `@x`: descendants and every ancestor of them. */
  readonly at?: boolean;
}

export function selectNodes(plan: Plan, options: SelectionOptions): Selection {
  const index = new PlanIndex(plan, options.state);
  const selectWords = words(options.select);
  const selected = selectWords.length === 0 ? index.everything() : index.resolve(selectWords, '--select');
  const excluded = index.resolve(words(options.exclude), '--exclude');
  const keep = (id: string): boolean => selected.has(id) && !excluded.has(id);
  return {
    sources: plan.sources.map((source) => source.id).filter(keep),
    models: plan.models.map((model) => model.id).filter(keep),
    tests: plan.tests.map((test) => test.id).filter(keep),
    unitTests: (plan.unitTests ?? []).map((test) => test.id).filter(keep),
  };
}

function words(selectors: readonly string[] | undefined): string[] {
  return (selectors ?? []).flatMap((selector) => selector.split(/\s+/)).filter((word) => word !== '');
}

class PlanIndex {
  private readonly graph: DependencyGraph;
  private readonly testsById: Map<string, PlanTest>;
  private readonly unitTestsById: Map<string, PlanUnitTest>;
  private difference: StateDifference | undefined;

  constructor(
    private readonly plan: Plan,
    private readonly state: SelectionState | undefined,
  ) {
    this.graph = new DependencyGraph([
      ...plan.sources.map((source) => ({ id: source.id, name: `${source.sourceName}.${source.tableName}`, dependsOn: [] })),
      ...plan.models.map((model) => ({
        id: model.id,
        name: model.name,
        path: model.path,
        dependsOn: [...model.dependsOn.models, ...model.dependsOn.sources],
      })),
      ...plan.exposures.map((exposure) => ({ id: exposure.id, name: exposure.name, dependsOn: [...exposure.dependsOn.models, ...exposure.dependsOn.sources] })),
    ]);
    this.testsById = new Map(plan.tests.map((test) => [test.id, test]));
    this.unitTestsById = new Map((plan.unitTests ?? []).map((test) => [test.id, test]));
  }

  everything(): Set<string> {
    return new Set([
      ...this.plan.sources.map((s) => s.id),
      ...this.plan.models.map((m) => m.id),
      ...this.testsById.keys(),
      ...this.unitTestsById.keys(),
    ]);
  }

  /** The union of the words, each an intersection of comma-joined selectors, with their tests. */
  resolve(selectorWords: readonly string[], flag: '--select' | '--exclude'): Set<string> {
    const result = new Set<string>();
    for (const word of selectorWords) {
      const parts = word.split(',');
      if (parts.some((part) => part === '')) throw new SelectionError(flag, `'${word}' has an empty selector around a comma`);
      const sets = parts.map((part) => this.expand(parseSelector(part, flag, this.plan.project), flag));
      const [first, ...rest] = sets;
      for (const id of first ?? []) if (rest.every((set) => set.has(id))) result.add(id);
    }
    for (const test of this.testsById.values()) if (result.has(test.attachedTo)) result.add(test.id);
    for (const test of this.unitTestsById.values()) if (result.has(test.model)) result.add(test.id);
    return result;
  }

  private expand(selector: ParsedSelector, flag: '--select' | '--exclude'): Set<string> {
    const matched = this.match(selector, flag);
    if (matched.size === 0 && selector.method !== 'state' && selector.method !== 'result') throw new SelectionError(flag, this.nothingMatched(selector));
    const result = new Set(matched);
    if (selector.ancestors !== undefined) for (const id of this.upstream(matched, selector.ancestors)) result.add(id);
    if (selector.descendants !== undefined) for (const id of this.downstream(matched, selector.descendants)) result.add(id);
    if (selector.at === true) {
      const descendants = this.downstream(matched, Infinity);
      for (const id of [...descendants, ...this.upstream(new Set([...matched, ...descendants]), Infinity)]) result.add(id);
    }
    return result;
  }

  /** A test's ancestors are what it reads and their ancestors (a unit test's: its model's); tests have no descendants. */
  private upstream(ids: Set<string>, depth: number): Set<string> {
    const starts = new Set<string>();
    const direct = new Set<string>();
    for (const id of ids) {
      const test = this.testsById.get(id);
      const unitTest = this.unitTestsById.get(id);
      if (test === undefined && unitTest === undefined) {
        starts.add(id);
        continue;
      }
      if (depth < 1) continue;
      const parents = test !== undefined ? [...test.dependsOn.models, ...test.dependsOn.sources] : unitTest !== undefined ? [unitTest.model] : [];
      for (const parent of parents) direct.add(parent);
    }
    const further = this.graph.upstream(direct, depth === Infinity ? undefined : depth - 1);
    return new Set([...this.graph.upstream(starts, depth === Infinity ? undefined : depth), ...direct, ...further]);
  }

  private downstream(ids: Set<string>, depth: number): Set<string> {
    const nodes = [...ids].filter((id) => this.graph.has(id));
    return this.graph.downstream(nodes, depth === Infinity ? undefined : depth);
  }

  private match(selector: ParsedSelector, flag: '--select' | '--exclude'): Set<string> {
    const { plan } = this;
    switch (selector.method) {
      case 'state':
        return new Set(this.stateDifference(selector, flag)[selector.value as keyof StateDifference]);
      case 'result': {
        const results = this.state?.results;
        if (results === undefined) throw new SelectionError(flag, `'${selector.text}' needs --state <dir> holding a run_results.json`);
        return new Set([...results].filter(([, status]) => status === selector.value).map(([id]) => id));
      }
      case 'config.materialized':
        return new Set(plan.models.filter((model) => model.config.materialized === selector.value).map((model) => model.id));
      case 'resource_type':
        return new Set(
          {
            model: plan.models.filter((m) => m.resourceType === undefined).map((m) => m.id),
            seed: plan.models.filter((m) => m.resourceType === 'seed').map((m) => m.id),
            test: plan.tests.map((t) => t.id),
            unit_test: (plan.unitTests ?? []).map((t) => t.id),
            source: plan.sources.map((s) => s.id),
            exposure: plan.exposures.map((e) => e.id),
          }[selector.value as ResourceType],
        );
      case 'test_type':
        return new Set(
          selector.value === 'unit'
            ? (plan.unitTests ?? []).map((test) => test.id)
            : plan.tests.filter((test) => test.kind === selector.value).map((test) => test.id),
        );
      case 'exposure':
        return new Set(plan.exposures.filter((exposure) => exposure.name === selector.value).map((exposure) => exposure.id));
      case 'everything':
        return new Set([...plan.sources.map((s) => s.id), ...plan.models.map((m) => m.id)]);
      case 'name':
        return new Set([
          ...plan.models.filter((model) => model.name === selector.value).map((model) => model.id),
          ...plan.tests.filter((test) => test.name === selector.value).map((test) => test.id),
          ...(plan.unitTests ?? []).filter((test) => test.name === selector.value).map((test) => test.id),
        ]);
      case 'tag':
        return new Set(plan.models.filter((model) => model.config.tags.includes(selector.value)).map((model) => model.id));
      case 'path': {
        const wanted = normalizePath(selector.value);
        const inPath = (path: string): boolean => path === wanted || path.startsWith(`${wanted}/`);
        return new Set([
          ...plan.models.filter((model) => inPath(model.path)).map((model) => model.id),
          ...plan.tests.filter((test) => test.kind === 'singular' && inPath(test.path)).map((test) => test.id),
        ]);
      }
      case 'source': {
        const [sourceName, tableName] = selector.value.split('.', 2);
        return new Set(
          plan.sources
            .filter((source) => source.sourceName === sourceName && (tableName === undefined || source.tableName === tableName))
            .map((source) => source.id),
        );
      }
    }
  }

  private stateDifference(selector: ParsedSelector, flag: '--select' | '--exclude'): StateDifference {
    if (this.state === undefined) throw new SelectionError(flag, `'${selector.text}' needs --state <dir>, the artifacts of the run to compare with`);
    this.difference ??= compareWithState(this.plan, this.state.plan);
    return this.difference;
  }

  private nothingMatched(selector: ParsedSelector): string {
    const { plan } = this;
    const candidates: Record<ParsedSelector['method'], string[]> = {
      everything: [],
      state: [],
      result: [],
      'config.materialized': [],
      resource_type: [],
      test_type: [],
      exposure: plan.exposures.map((exposure) => exposure.name),
      name: [plan.project, ...plan.models.map((m) => m.name), ...plan.tests.map((t) => t.name), ...(plan.unitTests ?? []).map((t) => t.name)],
      tag: plan.models.flatMap((model) => model.config.tags),
      path: [...plan.models.map((m) => m.path), ...plan.tests.filter((t) => t.kind === 'singular').map((t) => t.path)].flatMap(withFolders),
      source: plan.sources.flatMap((source) => [source.sourceName, `${source.sourceName}.${source.tableName}`]),
    };
    const what =
      selector.method === 'name' ? 'no model or test' : selector.method === 'source' ? 'no source' : selector.method === 'exposure' ? 'no exposure' : 'no model';
    const detail = `'${selector.text}' matches ${what}`;
    const suggestion = closestName(selector.method === 'path' ? normalizePath(selector.value) : selector.value, candidates[selector.method]);
    if (suggestion === undefined) return detail;
    const prefix = selector.method === 'name' ? '' : `${selector.method}:`;
    return `${detail}; did you mean '${prefix}${suggestion}'?`;
  }
}

const SELECTOR = /^(@)?(?:(\d*)\+)?(.*?)(?:\+(\d*))?$/;
const METHODS = ['tag', 'path', 'source', 'state', 'result', 'config.materialized', 'resource_type', 'test_type', 'exposure'] as const;
type Method = (typeof METHODS)[number];

/** The values a method accepts, where they are a fixed list. */
const METHOD_VALUES: Partial<Record<Method, readonly string[]>> = {
  state: ['modified', 'new', 'modified.body', 'modified.configs'],
  result: ['success', 'error', 'fail', 'warn', 'pass', 'skipped'],
  'config.materialized': ['view', 'table', 'incremental'] satisfies Materialization[],
  resource_type: ['model', 'seed', 'test', 'unit_test', 'source', 'exposure'],
  test_type: ['generic', 'singular', 'unit'],
};
type ResourceType = 'model' | 'seed' | 'test' | 'unit_test' | 'source' | 'exposure';

function parseSelector(text: string, flag: '--select' | '--exclude', project: string): ParsedSelector {
  const [, at, up, body = '', down] = SELECTOR.exec(text) ?? [];
  if (body === '') throw new SelectionError(flag, `'${text}' names no node`);
  if (at !== undefined && up !== undefined) throw new SelectionError(flag, `'${text}': '@' already includes every ancestor; drop the '+' before the name`);
  const depth = (digits: string | undefined): number | undefined =>
    digits === undefined ? undefined : digits === '' ? Infinity : Number(digits);
  const operators = { ancestors: depth(up), descendants: depth(down), ...(at === undefined ? {} : { at: true }) };
  const colon = body.indexOf(':');
  if (colon >= 0) {
    const method = body.slice(0, colon);
    const value = body.slice(colon + 1);
    if (!(METHODS as readonly string[]).includes(method)) {
      const suggestion = closestName(method, METHODS);
      const hint = suggestion === undefined ? `; known methods: ${METHODS.join(', ')}` : `; did you mean '${suggestion}:'?`;
      throw new SelectionError(flag, `'${text}' uses an unknown selector method '${method}'${hint}`);
    }
    if (value === '') throw new SelectionError(flag, `'${text}' has no value after '${method}:'`);
    const allowed = METHOD_VALUES[method as Method];
    if (allowed !== undefined && !allowed.includes(value)) {
      const suggestion = closestName(value, allowed);
      const hint = suggestion === undefined ? '' : `; did you mean '${method}:${suggestion}'?`;
      throw new SelectionError(flag, `'${text}': '${method}:' takes ${allowed.join(', ')}${hint}`);
    }
    return { text, method: method as Method, value, ...operators };
  }
  if (body === '*' || body === project) return { text, method: 'everything', value: body, ...operators };
  if (body.includes('/') || body.endsWith('.sql')) return { text, method: 'path', value: body, ...operators };
  return { text, method: 'name', value: body, ...operators };
}

function normalizePath(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '');
}

function withFolders(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}
