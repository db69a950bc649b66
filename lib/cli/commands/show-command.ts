/**
 * `show` (dbt show): runs one model's compiled query, or a query given with `--inline`, against the
 * warehouse with a limit, and prints the rows. The model's SELECT runs as compiled, reading the
 * published relations it refers to; the model's own relation is not read, so a model can be previewed
 * before it is built.
 */
import { compileInline } from '../../project/compile-inline.ts';
import { selectNodes } from '../../project/selection.ts';
import { relationText, type Plan } from '../../plan/plan.ts';
import type { CliIo } from '../cli-io.ts';
import { compileAt } from '../compile-at.ts';
import { openWarehouse, type CliTarget, type RedshiftOptions } from '../open-warehouse.ts';
import { parseVars } from '../parse-vars.ts';
import { resolvePaths, type PathOptions } from '../project-paths.ts';
import { UsageError } from '../usage-error.ts';
import { showTable } from './show-table.ts';

export const SHOW_OUTPUTS = ['text', 'json'] as const;
/** dbt show's default. */
export const SHOW_DEFAULT_LIMIT = 5;

export interface ShowCommandOptions extends PathOptions, RedshiftOptions {
  readonly target: CliTarget;
  readonly vars?: string;
  readonly select?: string[];
  readonly exclude?: string[];
  readonly inline?: string;
  readonly limit: number;
  readonly output: (typeof SHOW_OUTPUTS)[number];
  readonly debug?: boolean;
}

export async function showCommand(options: ShowCommandOptions, io: CliIo): Promise<number> {
  const hasSelect = (options.select?.length ?? 0) > 0;
  if (hasSelect === (options.inline !== undefined)) {
    throw new UsageError(hasSelect ? 'show takes --select or --inline, not both' : "show needs --select MODEL or --inline 'select …'");
  }
  const paths = resolvePaths(options);
  const vars = parseVars(options.vars);
  const { project, plan } = await compileAt(paths, options.target, vars);
  const query =
    options.inline === undefined
      ? modelQuery(plan, options.select ?? [], options.exclude)
      : { node: 'inline', sql: compileInline(project, withoutTrailingSemicolon(options.inline), { target: options.target, vars }) };

  const warehouse = await openWarehouse({ ...options, paths }, io);
  let rows;
  try {
    rows = await warehouse.engine.query(`select * from (\n${query.sql}\n) as show_preview\nlimit ${options.limit}`);
  } finally {
    await warehouse.engine.close();
  }
  if (options.output === 'json') {
    io.out(JSON.stringify({ node: query.node, show: rows }));
  } else {
    io.out(`Previewing ${options.inline === undefined ? `node '${query.node}'` : 'inline node'}:`);
    for (const line of rows.length === 0 ? ['(no rows)'] : showTable(rows)) io.out(line);
  }
  return 0;
}

/** The one model the selection names; anything else is a usage error naming what it matched. */
function modelQuery(plan: Plan, select: readonly string[], exclude: readonly string[] | undefined): { node: string; sql: string } {
  const selection = selectNodes(plan, { select, exclude });
  const models = plan.models.filter((model) => selection.models.includes(model.id));
  const [model] = models;
  // A seed's compiled SELECT only makes its empty table (lib/seeds/compile-seed.ts): its rows are in the table.
  if (models.length === 1 && model !== undefined) return { node: model.name, sql: model.resourceType === 'seed' ? `select * from ${relationText(model.relation, plan.target)}` : model.sql };
  if (models.length > 1) {
    const names = models.map((each) => each.name);
    const shown = names.length > 10 ? `${names.slice(0, 10).join(', ')} and ${names.length - 10} more` : names.join(', ');
    throw new UsageError(`show previews one model; --select ${select.join(' ')} matched ${models.length}: ${shown}`);
  }
  const other = [...selection.sources, ...selection.tests, ...selection.unitTests];
  throw new UsageError(`show previews a model; --select ${select.join(' ')} matched no model${other.length === 0 ? '' : ` (it matched ${other.slice(0, 3).join(', ')}${other.length > 3 ? ', …' : ''})`}`);
}

function withoutTrailingSemicolon(sql: string): string {
  return sql.trim().replace(/;\s*$/, '');
}
