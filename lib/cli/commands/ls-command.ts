import { selectNodes } from '../../project/selection.ts';
import type { CliIo } from '../cli-io.ts';
import { compileAt } from '../compile-at.ts';
import type { CliTarget } from '../open-warehouse.ts';
import { parseVars } from '../parse-vars.ts';
import { resolvePaths, type PathOptions } from '../project-paths.ts';

export const RESOURCE_TYPES = ['source', 'model', 'test', 'unit_test'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export interface LsCommandOptions extends PathOptions {
  readonly target: CliTarget;
  readonly vars?: string;
  readonly select?: string[];
  readonly exclude?: string[];
  readonly resourceType?: ResourceType[];
}

/** Prints the selected nodes, one id a line: sources, then models in build order, then tests, then unit tests. */
export async function lsCommand(options: LsCommandOptions, io: CliIo): Promise<number> {
  const { plan } = await compileAt(resolvePaths(options), options.target, parseVars(options.vars));
  const selection = selectNodes(plan, { select: options.select, exclude: options.exclude });
  const types = new Set<ResourceType>(options.resourceType ?? RESOURCE_TYPES);
  const lines = [
    ...(types.has('source') ? selection.sources : []),
    ...(types.has('model') ? selection.models : []),
    ...(types.has('test') ? selection.tests : []),
    ...(types.has('unit_test') ? selection.unitTests : []),
  ];
  for (const line of lines) io.out(line);
  return 0;
}
