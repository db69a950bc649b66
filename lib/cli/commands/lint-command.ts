import { formatFindings, lintPlan, projectSourceReader, ruleDescriptions, type LintFinding } from '../../lint/index.ts';
import { compileProject } from '../../project/compile.ts';
import { loadProject } from '../../project/load-project.ts';
import type { CliIo } from '../cli-io.ts';
import { parseVars } from '../parse-vars.ts';
import { resolvePaths, type PathOptions } from '../project-paths.ts';

export interface LintCommandOptions extends PathOptions {
  readonly vars?: string;
  /** List the rules with the Redshift reference each follows instead of linting. */
  readonly rules?: boolean;
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

/** Prints the findings; exit code 1 when there are any. With `rules`, lists the rules instead. */
export async function lintCommand(options: LintCommandOptions, io: CliIo): Promise<number> {
  if (options.rules === true) {
    listRules(io);
    return 0;
  }
  const findings = await lintProject(options);
  if (findings.length === 0) {
    io.out('Dialect lint: every model and test fits Redshift (and stays portable to DuckDB and Postgres).');
    return 0;
  }
  io.err(formatFindings(findings));
  return 1;
}

function listRules(io: CliIo): void {
  const rules = ruleDescriptions();
  io.out(`${rules.length} dialect rules:`);
  for (const rule of rules) {
    io.out(`${rule.id}`);
    io.out(`    ${rule.description}`);
    io.out(`    ${rule.reference}`);
  }
}
