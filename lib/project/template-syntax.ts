/**
 * Parses a template into a tree of the supported constructs (README, "The SQL project"), rejecting
 * everything else with the file, line and construct. Rendering and scanning both walk this tree.
 * The project's own macros (user-macros.ts) are known by their signatures while parsing, so a call
 * with wrong arguments is reported where it is written.
 */
import { didYouMean } from './did-you-mean.ts';
import { ProjectError } from './errors.ts';
import { DATEPARTS, bindMacroCall, isMacroName, MACRO_NAMES, MACRO_PARAMETERS, type MacroCall, type MacroName } from './macros.ts';
import {
  isParameterArgument,
  parseTemplateExpression,
  type ParameterArgument,
  type TemplateArgument,
  type TemplateLiteral,
} from './template-expression.ts';
import { tokenizeTemplate } from './template-lexer.ts';
import { bindMacroArguments, type MacroParameter, type MacroSignature, type MacroSignatures } from './user-macros.ts';

export type ConfigValue = string | number | boolean | readonly (string | number | boolean)[];

interface Located {
  readonly line: number;
  /** The tag as written, for error messages. */
  readonly construct: string;
}

export type TemplateNode =
  | { readonly kind: 'text'; readonly text: string }
  | ({ readonly kind: 'ref'; readonly name: NameArgument } & Located)
  | ({ readonly kind: 'source'; readonly sourceName: NameArgument; readonly tableName: NameArgument } & Located)
  | ({ readonly kind: 'var'; readonly name: string; readonly default?: { readonly value: TemplateLiteral } } & Located)
  | ({ readonly kind: 'config'; readonly values: Readonly<Record<string, ConfigValue>> } & Located)
  | ({ readonly kind: 'this' } & Located)
  /** `{{ landed_keys('deals', 'deal_id') }}`: the keys of the source rows landed since the model's last build. */
  | ({ readonly kind: 'landed_keys'; readonly table: NameArgument; readonly key: NameArgument; readonly sourceName: NameArgument } & Located)
  /**
   * A built-in macro. In a project macro's body its arguments may be that macro's parameters: then
   * `deferred` keeps them, to be bound again once the parameters have values.
   */
  | ({ readonly kind: 'macro'; readonly call: MacroCall; readonly deferred?: DeferredMacroCall } & Located)
  /** A call of a project macro, its arguments bound to its parameters (defaults filled in). */
  | ({ readonly kind: 'call'; readonly name: string; readonly values: ReadonlyMap<string, TemplateArgument> } & Located)
  /** `{{ name }}` in a macro's body: the argument given for that parameter. */
  | ({ readonly kind: 'parameter'; readonly name: string } & Located)
  | ({ readonly kind: 'definition'; readonly signature: MacroSignature; readonly body: readonly TemplateNode[] } & Located)
  | ({
      readonly kind: 'if';
      /** `{% if not is_incremental() %}` */
      readonly negated: boolean;
      readonly whenTrue: readonly TemplateNode[];
      readonly whenFalse: readonly TemplateNode[];
    } & Located);

const KNOWN_FUNCTIONS = ['ref', 'source', 'var', 'config', 'this', 'is_incremental', 'landed_keys', ...MACRO_NAMES];

/** landed_keys(table, key, source_name='crm'): dbt-style parameters, the last with its default. */
const LANDED_KEYS_PARAMETERS = ['table', 'key', 'source_name'] as const;
const LANDED_KEYS_DEFAULT_SOURCE = 'crm';

/** A model, source or table name: quoted, or a parameter of the project macro it is written in. */
export type NameArgument = string | ParameterArgument;

export interface DeferredMacroCall {
  readonly name: MacroName;
  readonly positional: readonly TemplateArgument[];
  readonly keyword: readonly (readonly [string, TemplateArgument])[];
}

/** What a template may call and name besides the built-in constructs. */
export interface TemplateScope {
  /** The project's macros. */
  readonly macros?: MacroSignatures;
  /** Only the files of `sql/macros/` define macros. */
  readonly definesMacros?: boolean;
}

interface OpenDefinition extends Located {
  readonly signature: MacroSignature;
  readonly body: TemplateNode[];
  /** How many `if` blocks were open outside it: its own must close before `endmacro`. */
  readonly outerIfs: number;
}

interface OpenIf extends Located {
  readonly negated: boolean;
  readonly whenTrue: TemplateNode[];
  readonly whenFalse: TemplateNode[];
  inElse: boolean;
}

export function parseTemplate(text: string, path: string, scope: TemplateScope = {}): TemplateNode[] {
  const root: TemplateNode[] = [];
  const open: OpenIf[] = [];
  let definition: OpenDefinition | undefined;
  const current = (): TemplateNode[] => {
    const innermost = open.at(-1);
    if (innermost === undefined || (definition !== undefined && open.length === definition.outerIfs)) {
      return definition?.body ?? root;
    }
    return innermost.inElse ? innermost.whenFalse : innermost.whenTrue;
  };

  for (const token of tokenizeTemplate(text, path)) {
    if (token.kind === 'text') {
      current().push({ kind: 'text', text: token.text });
      continue;
    }
    const place = `${path}:${token.line}`;
    const located = { line: token.line, construct: token.construct };
    if (token.kind === 'expression') {
      const parameters = definition?.signature.parameters ?? [];
      current().push(expressionNode(token.body, place, located, scope.macros ?? new Map(), parameters));
      continue;
    }
    if (token.kind !== 'statement') continue;
    const statement = token.body.replace(/\s+/g, ' ');
    const opening = /^if (not )?is_incremental ?\( ?\)$/.exec(statement);
    if (/^macro\b/.test(statement)) {
      if (!scope.definesMacros) throw new ProjectError(place, `'${token.construct}': macros are defined in sql/macros/*.sql`);
      if (definition !== undefined || open.length > 0) {
        throw new ProjectError(place, `'${token.construct}' inside another block: a macro is defined at the top of its file`);
      }
      definition = { ...located, signature: parseMacroSignature(token, path), body: [], outerIfs: open.length };
    } else if (statement === 'endmacro') {
      if (definition === undefined) throw new ProjectError(place, `'${token.construct}' without a matching '{% macro %}'`);
      if (open.length > definition.outerIfs) {
        const unclosedIf = open.at(-1) as OpenIf;
        throw new ProjectError(`${path}:${unclosedIf.line}`, `'${unclosedIf.construct}' is never closed by '{% endif %}'`);
      }
      const { outerIfs: _outerIfs, ...node } = definition;
      root.push({ kind: 'definition', ...node });
      definition = undefined;
    } else if (opening) {
      open.push({ ...located, negated: opening[1] !== undefined, whenTrue: [], whenFalse: [], inElse: false });
    } else if (statement === 'else' || statement === 'endif') {
      const innermost = open.at(-1);
      if (innermost === undefined) {
        throw new ProjectError(place, `'${token.construct}' without a matching '{% if is_incremental() %}'`);
      }
      if (statement === 'else') {
        if (innermost.inElse) {
          throw new ProjectError(
            place,
            `second '${token.construct}' in the '${innermost.construct}' opened on line ${innermost.line}`,
          );
        }
        innermost.inElse = true;
      } else {
        open.pop();
        const { inElse: _inElse, ...node } = innermost;
        current().push({ kind: 'if', ...node });
      }
    } else {
      // No suggestion for statements: `{% for %}` is a different construct, not a misspelled one.
      throw unsupported(place, token.construct, '');
    }
  }

  const unclosed = open.at(-1);
  if (unclosed !== undefined) {
    throw new ProjectError(`${path}:${unclosed.line}`, `'${unclosed.construct}' is never closed by '{% endif %}'`);
  }
  if (definition !== undefined) {
    throw new ProjectError(`${path}:${definition.line}`, `'${definition.construct}' is never closed by '{% endmacro %}'`);
  }
  return root;
}

/** The signatures of the macros a macro file defines, read before any body is parsed. */
export function macroSignaturesOf(text: string, path: string): MacroSignature[] {
  const signatures: MacroSignature[] = [];
  for (const token of tokenizeTemplate(text, path)) {
    if (token.kind === 'statement' && /^macro\b/.test(token.body)) signatures.push(parseMacroSignature(token, path));
  }
  return signatures;
}

/** `macro name(a, b='x')`: the name and the parameters, each with its optional literal default. */
function parseMacroSignature(token: { readonly body: string; readonly line: number; readonly construct: string }, path: string): MacroSignature {
  const place = `${path}:${token.line}`;
  const usage = `expected {% macro name(parameter, parameter='default') %}`;
  const match = /^macro\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(([\s\S]*)\)$/.exec(token.body);
  if (!match) throw new ProjectError(place, `'${token.construct}': ${usage}`);
  const name = match[1] as string;
  if (KNOWN_FUNCTIONS.includes(name)) {
    throw new ProjectError(place, `macro '${name}' has the name of a built-in construct; choose another name`);
  }
  const parameters: MacroParameter[] = [];
  for (const written of splitParameters(match[2] as string)) {
    const parameter = /^([A-Za-z_][A-Za-z0-9_]*)\s*(?:=\s*([\s\S]+))?$/.exec(written);
    const defaultValue = parameter?.[2] === undefined ? undefined : parseTemplateExpression(`default(${parameter[2]})`);
    if (!parameter || (parameter[2] !== undefined && (defaultValue?.kind !== 'call' || defaultValue.positional.length !== 1))) {
      throw new ProjectError(place, `'${token.construct}': parameter '${written}' is not a name or name=literal; ${usage}`);
    }
    const parameterName = parameter[1] as string;
    if (parameters.some((earlier) => earlier.name === parameterName)) {
      throw new ProjectError(place, `'${token.construct}': parameter '${parameterName}' is named twice`);
    }
    if (parameter[2] === undefined && parameters.some((earlier) => earlier.default !== undefined)) {
      throw new ProjectError(place, `'${token.construct}': parameter '${parameterName}' without a default follows one with a default`);
    }
    parameters.push(
      defaultValue?.kind === 'call' ? { name: parameterName, default: { value: defaultValue.positional[0] as TemplateLiteral } } : { name: parameterName },
    );
  }
  return { name, parameters, place };
}

/** Splits `a, b='x, y', c=[1, 2]` at the commas outside quotes and brackets. */
function splitParameters(list: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let piece = '';
  for (let index = 0; index < list.length; index += 1) {
    const char = list[index] as string;
    if (quote !== undefined) {
      if (char === '\\') {
        piece += char + (list[index + 1] ?? '');
        index += 1;
        continue;
      }
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '[') depth += 1;
    else if (char === ']') depth -= 1;
    else if (char === ',' && depth === 0) {
      pieces.push(piece.trim());
      piece = '';
      continue;
    }
    piece += char;
  }
  if (piece.trim() !== '' || pieces.length > 0) pieces.push(piece.trim());
  return pieces;
}

function unsupported(place: string, construct: string, name: string, known: readonly string[] = KNOWN_FUNCTIONS): ProjectError {
  const hint = name === '' || KNOWN_FUNCTIONS.includes(name) ? '' : didYouMean(name, known);
  return new ProjectError(place, `unsupported template construct '${construct}'${hint}`);
}

function wrongArguments(place: string, construct: string, usage: string): ProjectError {
  return new ProjectError(place, `wrong arguments in '${construct}': ${usage}`);
}

function expressionNode(
  body: string,
  place: string,
  located: Located,
  macros: MacroSignatures,
  parameters: readonly MacroParameter[],
): TemplateNode {
  const expression = parseTemplateExpression(body);
  const { construct } = located;
  const known = [...KNOWN_FUNCTIONS, ...macros.keys(), ...parameters.map((parameter) => parameter.name)];
  if (expression === undefined) {
    throw unsupported(place, construct, /^[A-Za-z_][A-Za-z0-9_]*/.exec(body)?.[0] ?? '', known);
  }
  if (expression.kind === 'name') {
    if (expression.name === 'this') return { kind: 'this', ...located };
    if (parameters.some((parameter) => parameter.name === expression.name)) return { kind: 'parameter', name: expression.name, ...located };
    throw unsupported(place, construct, expression.name, known);
  }
  const { name, positional, keyword } = expression;
  for (const argument of [...positional, ...keyword.map(([, value]) => value)]) {
    if (isParameterArgument(argument) && !parameters.some((parameter) => parameter.name === argument.parameter)) {
      const names = parameters.map((parameter) => parameter.name);
      const where = names.length === 0 ? 'arguments are quoted literals outside a macro' : `parameters here: ${names.join(', ')}`;
      throw wrongArguments(place, construct, `'${argument.parameter}' is not a macro parameter (${where})${didYouMean(argument.parameter, names)}`);
    }
  }
  const [first, second] = positional;
  const isName = (value: TemplateArgument | undefined): value is NameArgument => typeof value === 'string' || isParameterArgument(value);
  switch (name) {
    case 'ref':
      if (positional.length !== 1 || keyword.length > 0 || !isName(first)) {
        throw wrongArguments(place, construct, `ref takes one quoted model name, as in ref('dim_accounts')`);
      }
      return { kind: 'ref', name: first, ...located };
    case 'source':
      if (positional.length !== 2 || keyword.length > 0 || !isName(first) || !isName(second)) {
        throw wrongArguments(
          place,
          construct,
          `source takes a quoted source name and table name, as in source('crm', 'accounts')`,
        );
      }
      return { kind: 'source', sourceName: first, tableName: second, ...located };
    case 'var':
      if (positional.length < 1 || positional.length > 2 || keyword.length > 0 || typeof first !== 'string' || isParameterArgument(second)) {
        throw wrongArguments(
          place,
          construct,
          `var takes a quoted name and an optional default, as in var('run_date', '2026-01-01')`,
        );
      }
      return positional.length === 2
        ? { kind: 'var', name: first, default: { value: second as TemplateLiteral }, ...located }
        : { kind: 'var', name: first, ...located };
    case 'config':
      return { kind: 'config', values: configValues(positional, keyword, place, construct), ...located };
    case 'landed_keys':
      return { kind: 'landed_keys', ...landedKeysArguments(positional, keyword, place, construct), ...located };
  }
  const signature = macros.get(name);
  if (signature !== undefined && !isMacroName(name)) {
    const bound = bindMacroArguments(signature, positional, keyword);
    if (!bound.ok) throw wrongArguments(place, construct, bound.detail);
    return { kind: 'call', name, values: bound.values, ...located };
  }
  if (!isMacroName(name)) throw unsupported(place, construct, name, known);
  // A macro's parameters stand in as valid values while the call's shape is checked; the values
  // they get are checked again when the call is rendered.
  const withPlaceholder = (value: TemplateArgument, builtInParameter: string | undefined): TemplateLiteral =>
    !isParameterArgument(value) ? value : builtInParameter === 'datepart' ? 'day' : value.parameter;
  const builtInParameters: readonly string[] = MACRO_PARAMETERS[name];
  const deferred = [...positional, ...keyword.map(([, value]) => value)].some(isParameterArgument);
  const call = bindBuiltInMacro(
    name,
    positional.map((value, index) => withPlaceholder(value, builtInParameters[index])),
    keyword.map(([key, value]) => [key, withPlaceholder(value, key)] as const),
    place,
    construct,
  );
  return deferred ? { kind: 'macro', call, deferred: { name, positional, keyword }, ...located } : { kind: 'macro', call, ...located };
}

function landedKeysArguments(
  positional: readonly TemplateArgument[],
  keyword: readonly (readonly [string, TemplateArgument])[],
  place: string,
  construct: string,
): { table: NameArgument; key: NameArgument; sourceName: NameArgument } {
  const usage = `landed_keys takes (${LANDED_KEYS_PARAMETERS.join(', ')}): a quoted source table, its key column and optionally the source (default '${LANDED_KEYS_DEFAULT_SOURCE}'), as in landed_keys('deals', 'deal_id')`;
  if (positional.length > LANDED_KEYS_PARAMETERS.length) throw wrongArguments(place, construct, `${positional.length} arguments given; ${usage}`);
  const bound = new Map<string, TemplateArgument>(positional.map((value, index) => [LANDED_KEYS_PARAMETERS[index] as string, value]));
  for (const [name, value] of keyword) {
    if (!(LANDED_KEYS_PARAMETERS as readonly string[]).includes(name)) throw wrongArguments(place, construct, `unknown argument '${name}'; ${usage}`);
    if (bound.has(name)) throw wrongArguments(place, construct, `argument '${name}' given twice; ${usage}`);
    bound.set(name, value);
  }
  if (!bound.has('source_name')) bound.set('source_name', LANDED_KEYS_DEFAULT_SOURCE);
  const name = (parameter: (typeof LANDED_KEYS_PARAMETERS)[number]): NameArgument => {
    const value = bound.get(parameter);
    if (value === undefined) throw wrongArguments(place, construct, `missing '${parameter}'; ${usage}`);
    if (typeof value !== 'string' && !isParameterArgument(value)) throw wrongArguments(place, construct, `'${parameter}' must be a quoted name; ${usage}`);
    return value;
  };
  return { table: name('table'), key: name('key'), sourceName: name('source_name') };
}

/** Binds a built-in macro call, or throws what is wrong with it. */
export function bindBuiltInMacro(
  name: MacroName,
  positional: readonly TemplateLiteral[],
  keyword: readonly (readonly [string, TemplateLiteral])[],
  place: string,
  construct: string,
): MacroCall {
  const binding = bindMacroCall(name, positional, keyword);
  if (binding.ok) return binding.call;
  if (binding.problem === 'arguments') throw wrongArguments(place, construct, binding.detail);
  throw new ProjectError(
    place,
    `unknown datepart '${binding.datepart}' in '${construct}' (one of ${DATEPARTS.join(', ')})` +
      didYouMean(binding.datepart, DATEPARTS),
  );
}

function configValues(
  positional: readonly TemplateArgument[],
  keyword: readonly (readonly [string, TemplateArgument])[],
  place: string,
  construct: string,
): Record<string, ConfigValue> {
  if (positional.length > 0) {
    throw wrongArguments(place, construct, `config takes keyword arguments only, as in config(materialized='table')`);
  }
  const values: Record<string, ConfigValue> = {};
  for (const [key, value] of keyword) {
    if (Object.hasOwn(values, key)) throw wrongArguments(place, construct, `'${key}' is given twice`);
    if (!isConfigValue(value)) {
      throw wrongArguments(
        place,
        construct,
        `'${key}' must be a string, number, boolean or a list of them`,
      );
    }
    values[key] = value;
  }
  return values;
}

function isScalar(value: TemplateArgument): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isConfigValue(value: TemplateArgument): value is ConfigValue {
  return isScalar(value) || (Array.isArray(value) && value.every((item: TemplateLiteral) => isScalar(item)));
}
