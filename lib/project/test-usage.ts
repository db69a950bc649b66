/**
 * Checks each use of a project's own generic test (test-definitions.ts) in schema.yml or
 * sources.yml against its definition, as the built-ins are checked when read: the test exists,
 * is declared under a column exactly when it takes `column_name`, and gets every argument it
 * needs and none it does not take. Each problem names the YAML place of the use and where the
 * test is defined.
 */
import { didYouMean } from './did-you-mean.ts';
import { ProjectError } from './errors.ts';
import { BUILTIN_TEST_NAMES, isBuiltinTest } from './generic-tests.ts';
import { originPlace } from './origin-place.ts';
import type { GenericTestSpec } from './project.ts';
import type { UserMacros } from './user-macros.ts';

/** Filled in by the runner: the relation (and the column) under test. */
const BOUND_PARAMETERS = ['model', 'column_name'];

export function checkTestUsages(tests: Iterable<GenericTestSpec>, definitions: UserMacros, errors: ProjectError[]): void {
  for (const spec of tests) {
    if (isBuiltinTest(spec.testName)) continue;
    const problem = usageProblem(spec, definitions);
    if (problem !== undefined) errors.push(new ProjectError(originPlace(spec.origin), problem));
  }
}

function usageProblem(spec: GenericTestSpec, definitions: UserMacros): string | undefined {
  const name = spec.testName;
  const definition = definitions.get(name);
  if (definition === undefined) return `unknown test '${name}'${didYouMean(name, [...BUILTIN_TEST_NAMES, ...definitions.keys()])}`;
  const defined = `(defined at ${definition.place})`;
  const takesColumn = definition.parameters.some((parameter) => parameter.name === 'column_name');
  if (takesColumn && spec.column === undefined) return `${name} tests a column: declare it under the column's tests ${defined}`;
  if (!takesColumn && spec.column !== undefined) {
    return `${name} tests the whole model (it takes no column_name): declare it under the model's tests, not under column '${spec.column}' ${defined}`;
  }
  const parameters = definition.parameters.filter((parameter) => !BOUND_PARAMETERS.includes(parameter.name));
  const names = parameters.map((parameter) => parameter.name);
  for (const [argument, value] of Object.entries(spec.args)) {
    if (!names.includes(argument)) {
      const hint = didYouMean(argument, names);
      return `${name} has an unknown argument '${argument}'${hint === '' ? `: it takes ${names.length === 0 ? 'none' : names.join(', ')}` : hint} ${defined}`;
    }
    if (!isLiteral(value)) return `${name} argument '${argument}' must be a string, number, boolean or a list of them ${defined}`;
  }
  const missing = parameters.filter((parameter) => parameter.default === undefined && spec.args[parameter.name] === undefined);
  if (missing.length > 0) return `${name} needs the argument ${missing.map((parameter) => `'${parameter.name}'`).join(', ')} ${defined}`;
  return undefined;
}

function isLiteral(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((item) => ['string', 'number', 'boolean'].includes(typeof item));
  return ['string', 'number', 'boolean'].includes(typeof value);
}
