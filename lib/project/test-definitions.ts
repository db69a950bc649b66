/**
 * The project's own generic tests, as dbt writes them in `sql/tests/generic/*.sql`:
 *
 *   {% test non_negative(model, column_name, allow_null=true) %}
 *   select * from {{ model }} where {{ column_name }} < 0
 *   {% endtest %}
 *
 * A test block is a macro whose first parameter is `model` (the tested relation) and whose
 * `column_name`, when it has one, is the column it is declared under; its body is a query of the
 * failing rows and may use every templating construct a macro may. A test is used in schema.yml
 * like a built-in one, its other parameters as arguments (test-usage.ts).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILTIN_TEST_NAMES } from './generic-tests.ts';
import { ProjectError } from './errors.ts';
import { macroSignaturesOf, parseTemplate, type TemplateNode } from './template-syntax.ts';
import type { MacroSignature, UserMacro, UserMacros } from './user-macros.ts';

/** The tag rewritten to the macro tag it is parsed as, keeping every line where it was. */
function asMacroText(text: string): string {
  return text.replace(/\{%(-?)(\s*)test\b/g, '{%$1$2macro').replace(/\{%(-?)(\s*)endtest\b/g, '{%$1$2endmacro');
}

/** Messages of the macro parser, in the words of a test file. */
function inTestWords(error: ProjectError): ProjectError {
  const detail = error.detail
    .replace(/\{%(-?)(\s*)macro\b/g, '{%$1$2test')
    .replace(/\bendmacro\b/g, 'endtest')
    .replace(/\bmacro\b/g, 'test');
  return new ProjectError(error.place, detail);
}

export async function loadGenericTests(root: string, paths: readonly string[], macros: UserMacros, errors: ProjectError[]): Promise<UserMacros> {
  const tests = new Map<string, UserMacro>();
  for (const path of paths) {
    const text = await readFile(join(root, path), 'utf8');
    const macroTag = /\{%-?\s*(end)?macro\b/.exec(text);
    if (macroTag !== null) {
      const line = text.slice(0, macroTag.index).split('\n').length;
      errors.push(new ProjectError(`${path}:${line}`, 'a generic test file holds {% test %} blocks; macros belong in sql/macros'));
      continue;
    }
    const rewritten = asMacroText(text);
    const signatures = collect(errors, () => macroSignaturesOf(rewritten, path));
    if (signatures === undefined) continue;
    const known = new Map<string, MacroSignature>([...macros, ...signatures.map((signature) => [signature.name, signature] as const)]);
    const nodes = collect(errors, () => parseTemplate(rewritten, path, { macros: known, definesMacros: true })) ?? [];
    for (const node of nodes) {
      if (node.kind === 'definition') {
        const configured = configCall(node.body);
        if (configured !== undefined) {
          errors.push(new ProjectError(`${path}:${configured.line}`, `'${configured.construct}': a test's severity and other configs are set where it is used (config: in schema.yml), not in its definition`));
          continue;
        }
        const problem = signatureProblem(node.signature, tests, macros);
        if (problem === undefined) tests.set(node.signature.name, { ...node.signature, body: node.body });
        else errors.push(new ProjectError(node.signature.place, problem));
      } else if (node.kind !== 'text' || node.text.trim() !== '') {
        errors.push(new ProjectError(path, 'only {% test %}…{% endtest %} blocks and comments belong in a generic test file'));
        break;
      }
    }
  }
  return tests;
}

function signatureProblem(signature: MacroSignature, tests: UserMacros, macros: UserMacros): string | undefined {
  const { name, parameters } = signature;
  if (BUILTIN_TEST_NAMES.includes(name)) return `test '${name}' has the name of a built-in test; choose another name`;
  const earlier = tests.get(name) ?? macros.get(name);
  if (earlier !== undefined) return `test '${name}' is already defined at ${earlier.place}`;
  if (parameters[0]?.name !== 'model' || parameters[0].default !== undefined) {
    return `test '${name}' must take the tested relation as its first parameter, 'model': {% test ${name}(model, column_name, …) %}`;
  }
  if (parameters.some((parameter) => parameter.name === 'column_name' && parameter.default !== undefined)) {
    return `test '${name}': column_name is the column the test is declared under and takes no default`;
  }
  return undefined;
}

/** The first config() call of a body, which dbt would read as the test's default configs. */
function configCall(nodes: readonly TemplateNode[]): { readonly line: number; readonly construct: string } | undefined {
  for (const node of nodes) {
    if (node.kind === 'config') return node;
    if (node.kind === 'if') {
      const inside = configCall(node.whenTrue) ?? configCall(node.whenFalse);
      if (inside !== undefined) return inside;
    }
  }
  return undefined;
}

function collect<T>(errors: ProjectError[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ProjectError)) throw error;
    errors.push(inTestWords(error));
    return undefined;
  }
}
