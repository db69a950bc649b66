/**
 * A unit test's `overrides: vars:` are checked as `--vars` are (checked-vars.ts): a misspelt var
 * would otherwise leave the project's value in place and the test would pass or fail for the
 * wrong reason.
 */
import { checkedVars } from './checked-vars.ts';
import { ProjectErrors, type ProjectError } from './errors.ts';
import type { UnitTestSpec } from './project.ts';

export function checkUnitTestVars(
  unitTests: readonly UnitTestSpec[],
  declared: Readonly<Record<string, unknown>>,
  errors: ProjectError[],
): void {
  for (const test of unitTests) {
    try {
      checkedVars(declared, test.vars, `${test.origin.path}: ${test.origin.yamlPath}.overrides.vars`);
    } catch (error) {
      if (!(error instanceof ProjectErrors)) throw error;
      errors.push(...error.errors);
    }
  }
}
