import { relative } from 'node:path';
import { selectNodes } from '../../project/selection.ts';
import type { CliIo } from '../cli-io.ts';
import { compileAt } from '../compile-at.ts';
import type { CliTarget } from '../open-warehouse.ts';
import { parseVars } from '../parse-vars.ts';
import { resolvePaths, type PathOptions } from '../project-paths.ts';
import { lintCommand } from './lint-command.ts';

export interface CompileCommandOptions extends PathOptions {
  readonly target: CliTarget;
  readonly vars?: string;
  readonly select?: string[];
  readonly exclude?: string[];
}

/** Writes the plan and the compiled SQL (with --select, prints the selected models' SQL as dbt does), then lints it. */
export async function compileCommand(options: CompileCommandOptions, io: CliIo): Promise<number> {
  const paths = resolvePaths(options);
  const { plan } = await compileAt(paths, options.target, parseVars(options.vars));
  const show = relative(process.cwd(), paths.targetDir) || '.';
  if (options.select !== undefined && options.select.length > 0) {
    const selection = selectNodes(plan, { select: options.select, exclude: options.exclude });
    const chosen = new Set(selection.models);
    for (const model of plan.models.filter((candidate) => chosen.has(candidate.id))) {
      io.out(`-- ${model.id} (${model.path})`);
      io.out(model.sql);
      io.out('');
    }
  }
  io.out(
    `Compiled ${plan.models.length} models, ${plan.tests.length} tests and ${plan.sources.length} sources for ${plan.target}: ` +
      `${show}/manifest.json, ${show}/compiled/${plan.project}/`,
  );
  return lintCommand(options, io);
}
