import { readState } from '../../artifacts/read-state.ts';
import { relationText, type Plan } from '../../plan/plan.ts';
import { selectNodes } from '../../project/selection.ts';
import type { CliIo } from '../cli-io.ts';
import { compileAt } from '../compile-at.ts';
import type { CliTarget } from '../open-warehouse.ts';
import { parseVars } from '../parse-vars.ts';
import { resolvePaths, type PathOptions } from '../project-paths.ts';

export const RESOURCE_TYPES = ['source', 'seed', 'model', 'test', 'unit_test'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** dbt's `ls --output`: `name` prints ids, `json` one object a line with what a script needs. */
export const LS_OUTPUTS = ['name', 'json'] as const;
export type LsOutput = (typeof LS_OUTPUTS)[number];

export interface LsCommandOptions extends PathOptions {
  readonly target: CliTarget;
  readonly vars?: string;
  readonly select?: string[];
  readonly exclude?: string[];
  readonly resourceType?: ResourceType[];
  readonly state?: string;
  readonly output?: LsOutput;
}

/** Prints the selected nodes, one a line: sources, then models in build order, then tests, then unit tests. */
export async function lsCommand(options: LsCommandOptions, io: CliIo): Promise<number> {
  const state = options.state === undefined ? undefined : await readState(options.state);
  const { plan } = await compileAt(resolvePaths(options), options.target, parseVars(options.vars));
  const selection = selectNodes(plan, { select: options.select, exclude: options.exclude, state });
  const types = new Set<ResourceType>(options.resourceType ?? RESOURCE_TYPES);
  const ids = [
    ...(types.has('source') ? selection.sources : []),
    ...selection.models.filter((id) => types.has(plan.models.find((model) => model.id === id)?.resourceType ?? 'model')),
    ...(types.has('test') ? selection.tests : []),
    ...(types.has('unit_test') ? selection.unitTests : []),
  ];
  const describe = options.output === 'json' ? describer(plan) : undefined;
  for (const id of ids) io.out(describe === undefined ? id : JSON.stringify(describe(id)));
  return 0;
}

/** The fields of dbt's `ls --output json` that our plan has, by node id. */
function describer(plan: Plan): (id: string) => Record<string, unknown> {
  const nodes = new Map<string, Record<string, unknown>>();
  for (const source of plan.sources) {
    nodes.set(source.id, { unique_id: source.id, resource_type: 'source', name: source.tableName, source_name: source.sourceName, relation_name: relationText(source.relation, plan.target) });
  }
  for (const model of plan.models) {
    nodes.set(model.id, {
      unique_id: model.id,
      resource_type: model.resourceType ?? 'model',
      name: model.name,
      original_file_path: model.path,
      relation_name: relationText(model.relation, plan.target),
      config: { materialized: model.config.materialized, tags: model.config.tags },
      depends_on: { nodes: [...model.dependsOn.models, ...model.dependsOn.sources] },
    });
  }
  for (const test of plan.tests) {
    nodes.set(test.id, {
      unique_id: test.id,
      resource_type: 'test',
      name: test.name,
      original_file_path: test.path,
      test_type: test.kind,
      config: { severity: test.severity },
      attached_node: test.attachedTo,
      depends_on: { nodes: [...test.dependsOn.models, ...test.dependsOn.sources] },
    });
  }
  for (const test of plan.unitTests ?? []) {
    nodes.set(test.id, { unique_id: test.id, resource_type: 'unit_test', name: test.name, original_file_path: test.path, model: test.model });
  }
  return (id) => nodes.get(id) ?? { unique_id: id };
}
