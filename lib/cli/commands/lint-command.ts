import { formatFindings, lintPlan, projectSourceReader, type LintFinding } from '../../lint/index.ts';
import { compileProject } from '../../project/compile.ts';
import { loadProject } from '../../project/load-project.ts';
import type { CliIo } from '../cli-io.ts';
import { parseVars } from '../parse-vars.ts';
import { resolvePaths, type PathOptions } from '../project-paths.ts';

export interface LintCommandOptions extends PathOptions {
  readonly vars?: string;
}

/**
 * Lints the project as compiled for Redshift, whatever the command's target: the macros render
 * per engine, and Redshift is the dialect the portable SQL must fit. Nothing is written to target/.
 */
export async function lintProject(options: LintCommandOptions): Promise<LintFinding[]> {
  const paths = resolvePaths(options);
  const plan = compileProject(await loadProject(paths.projectDir), { target: 'redshift', vars: parseVars(options.vars) });
  return lintPlan(plan, { readSource: projectSourceReader(paths.projectDir) });
}

/** Prints the findings; exit code 1 when there are any. */
export async function lintCommand(options: LintCommandOptions, io: CliIo): Promise<number> {
  const findings = await lintProject(options);
  if (findings.length === 0) {
    io.out('Dialect lint: every model and test fits Redshift (and stays portable to DuckDB and Postgres).');
    return 0;
  }
  io.err(formatFindings(findings));
  return 1;
}
