/**
 * The vars a compile uses: the project's (`sql/project.yml`), overlaid with the caller's (`--vars`,
 * the pipeline's run date). Every var a caller sets must be declared in the project, so a misspelt
 * `--vars '{run_dat: …}'` is an error instead of a build on the default date; and `run_date`, which
 * every period in the warehouse is measured from, must be a real calendar date before anything runs.
 */
import { didYouMean } from './did-you-mean.ts';
import { ProjectError, ProjectErrors } from './errors.ts';

const PROJECT_VARS = 'sql/project.yml: vars';

export function checkedVars(
  declared: Readonly<Record<string, unknown>>,
  overrides: Readonly<Record<string, unknown>>,
  overridesPlace: string,
): Record<string, unknown> {
  const errors: ProjectError[] = [];
  const names = Object.keys(declared);
  for (const name of Object.keys(overrides)) {
    if (!Object.hasOwn(declared, name)) {
      errors.push(new ProjectError(overridesPlace, `unknown var '${name}'${didYouMean(name, names)} (vars are declared under vars: in sql/project.yml)`));
    }
  }
  const vars = { ...declared, ...overrides };
  if (Object.hasOwn(vars, 'run_date')) {
    const place = Object.hasOwn(overrides, 'run_date') ? overridesPlace : `${PROJECT_VARS}.run_date`;
    const problem = calendarDateProblem(vars.run_date);
    if (problem !== undefined) errors.push(new ProjectError(place, `run_date ${problem}`));
  }
  if (errors.length > 0) throw new ProjectErrors(errors);
  return vars;
}

/** Why a value is not a calendar date written YYYY-MM-DD, or undefined when it is one. */
function calendarDateProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${JSON.stringify(value)} is not a date written YYYY-MM-DD`;
  const parsed = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) return `'${value}' is not a calendar date`;
  return undefined;
}
