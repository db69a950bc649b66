/**
 * The SQL of a use of one of the project's own generic tests (test-definitions.ts): its
 * definition rendered as a macro call, `model` bound to the tested relation (narrowed by the
 * test's `where`, as for the built-ins), `column_name` to the column it is declared under, and
 * its other parameters to the arguments given in schema.yml.
 */
import type { TemplateLiteral } from './template-expression.ts';
import { ProjectError } from './errors.ts';
import { originPlace } from './origin-place.ts';
import type { GenericTestSpec, Project } from './project.ts';
import { renderTemplate, scanTemplate, type TemplateContext, type TemplateScan } from './template.ts';
import type { UserMacros } from './user-macros.ts';

/** The project's macros and generic tests, which a test's body may call. */
export function testMacros(project: Project): UserMacros {
  return new Map([...(project.macros ?? []), ...(project.genericTests ?? [])]);
}

/** The call `{{ name(model='…', column_name='…', argument=…) }}`, with the tested relation's text. */
function callText(spec: GenericTestSpec, tested: string): string {
  const from = spec.where === undefined ? tested : `(select * from ${tested} where ${spec.where}) dbt_subquery`;
  const bound: [string, TemplateLiteral][] = [['model', from]];
  if (spec.column !== undefined) bound.push(['column_name', spec.column]);
  for (const [name, value] of Object.entries(spec.args)) bound.push([name, value as TemplateLiteral]);
  return `{{ ${spec.testName}(${bound.map(([name, value]) => `${name}=${literal(value)}`).join(', ')}) }}`;
}

function literal(value: TemplateLiteral): string {
  if (Array.isArray(value)) return `[${value.map((item: TemplateLiteral) => literal(item)).join(', ')}]`;
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return value === null ? 'none' : String(value);
}

/** What the test's body reads (its ref() and source() calls), to attach it and order it. */
export function scanCustomTest(spec: GenericTestSpec, project: Project): TemplateScan {
  return withPlace(spec, () => scanTemplate(callText(spec, 'tested'), originPlace(spec.origin), testMacros(project)));
}

export function customTestSql(spec: GenericTestSpec, tested: string, context: TemplateContext, project: Project): string {
  return withPlace(spec, () => renderTemplate(callText(spec, tested), originPlace(spec.origin), { ...context, macros: testMacros(project) }).trim());
}

/** A problem in the body is reported at the use, naming the test (whose definition says where it is). */
function withPlace<T>(spec: GenericTestSpec, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof ProjectError)) throw error;
    throw new ProjectError(originPlace(spec.origin), `${spec.testName}: ${error.detail}`);
  }
}
