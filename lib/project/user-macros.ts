/**
 * The project's own macros: `{% macro name(a, b='x') %}…{% endmacro %}` blocks in `sql/macros/*.sql`,
 * called from models and tests as `{{ name('…', b='…') }}`. As in dbt, an argument goes into the body
 * as written (`{{ a }}`), so SQL fragments pass through; the body may use every other construct
 * (ref, source, var, the cross-database macros, other project macros), and so renders per engine
 * wherever those do. Parsing, scanning and rendering are in template-syntax.ts and template.ts.
 */
import type { TemplateArgument, TemplateLiteral } from './template-expression.ts';
import type { TemplateNode } from './template-syntax.ts';

export interface MacroParameter {
  readonly name: string;
  readonly default?: { readonly value: TemplateLiteral };
}

/** What a call site needs to know of a macro before the macro's body is parsed. */
export interface MacroSignature {
  readonly name: string;
  readonly parameters: readonly MacroParameter[];
  /** `sql/macros/file.sql:line` of the `{% macro %}` tag. */
  readonly place: string;
}

export interface UserMacro extends MacroSignature {
  readonly body: readonly TemplateNode[];
}

export type MacroSignatures = ReadonlyMap<string, MacroSignature>;
export type UserMacros = ReadonlyMap<string, UserMacro>;

export const NO_MACROS: UserMacros = new Map();

export type ArgumentBinding =
  | { readonly ok: true; readonly values: ReadonlyMap<string, TemplateArgument> }
  | { readonly ok: false; readonly detail: string };

/** Binds a call's arguments to the macro's parameters as Python would, filling in defaults. */
export function bindMacroArguments(
  signature: MacroSignature,
  positional: readonly TemplateArgument[],
  keyword: readonly (readonly [string, TemplateArgument])[],
): ArgumentBinding {
  const names = signature.parameters.map((parameter) => parameter.name);
  const usage = `${signature.name} takes (${names.join(', ')}), defined at ${signature.place}`;
  const fail = (why: string): ArgumentBinding => ({ ok: false, detail: `${why}; ${usage}` });
  if (positional.length > names.length) return fail(`${positional.length} arguments given`);
  const values = new Map<string, TemplateArgument>();
  positional.forEach((value, index) => values.set(names[index] as string, value));
  for (const [key, value] of keyword) {
    if (!names.includes(key)) return fail(`unknown argument '${key}'`);
    if (values.has(key)) return fail(`argument '${key}' given twice`);
    values.set(key, value);
  }
  for (const parameter of signature.parameters) {
    if (!values.has(parameter.name) && parameter.default !== undefined) values.set(parameter.name, parameter.default.value);
  }
  const missing = names.filter((name) => !values.has(name));
  if (missing.length > 0) return fail(`missing ${missing.map((name) => `'${name}'`).join(', ')}`);
  return { ok: true, values };
}
