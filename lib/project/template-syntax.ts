/**
 * Parses a template into a tree of the supported constructs (DESIGN.md, "Templating"), rejecting
 * everything else with the file, line and construct. Rendering and scanning both walk this tree.
 */
import { didYouMean } from './did-you-mean.ts';
import { ProjectError } from './errors.ts';
import { DATEPARTS, bindMacroCall, isMacroName, MACRO_NAMES, type MacroCall } from './macros.ts';
import { parseTemplateExpression, type TemplateLiteral } from './template-expression.ts';
import { tokenizeTemplate } from './template-lexer.ts';

export type ConfigValue = string | number | boolean | readonly (string | number | boolean)[];

interface Located {
  readonly line: number;
  /** The tag as written, for error messages. */
  readonly construct: string;
}

export type TemplateNode =
  | { readonly kind: 'text'; readonly text: string }
  | ({ readonly kind: 'ref'; readonly name: string } & Located)
  | ({ readonly kind: 'source'; readonly sourceName: string; readonly tableName: string } & Located)
  | ({ readonly kind: 'var'; readonly name: string; readonly default?: { readonly value: TemplateLiteral } } & Located)
  | ({ readonly kind: 'config'; readonly values: Readonly<Record<string, ConfigValue>> } & Located)
  | ({ readonly kind: 'this' } & Located)
  | ({ readonly kind: 'macro'; readonly call: MacroCall } & Located)
  | ({
      readonly kind: 'if';
      /** `{% if not is_incremental() %}` */
      readonly negated: boolean;
      readonly whenTrue: readonly TemplateNode[];
      readonly whenFalse: readonly TemplateNode[];
    } & Located);

const KNOWN_FUNCTIONS = ['ref', 'source', 'var', 'config', 'this', 'is_incremental', ...MACRO_NAMES];

interface OpenIf extends Located {
  readonly negated: boolean;
  readonly whenTrue: TemplateNode[];
  readonly whenFalse: TemplateNode[];
  inElse: boolean;
}

export function parseTemplate(text: string, path: string): TemplateNode[] {
  const root: TemplateNode[] = [];
  const open: OpenIf[] = [];
  const current = (): TemplateNode[] => {
    const innermost = open.at(-1);
    if (innermost === undefined) return root;
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
      current().push(expressionNode(token.body, place, located));
      continue;
    }
    if (token.kind !== 'statement') continue;
    const statement = token.body.replace(/\s+/g, ' ');
    const opening = /^if (not )?is_incremental ?\( ?\)$/.exec(statement);
    if (opening) {
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
  return root;
}

function unsupported(place: string, construct: string, name: string): ProjectError {
  const hint = name === '' || KNOWN_FUNCTIONS.includes(name) ? '' : didYouMean(name, KNOWN_FUNCTIONS);
  return new ProjectError(place, `unsupported template construct '${construct}'${hint}`);
}

function wrongArguments(place: string, construct: string, usage: string): ProjectError {
  return new ProjectError(place, `wrong arguments in '${construct}': ${usage}`);
}

function expressionNode(body: string, place: string, located: Located): TemplateNode {
  const expression = parseTemplateExpression(body);
  const { construct } = located;
  if (expression === undefined) {
    throw unsupported(place, construct, /^[A-Za-z_][A-Za-z0-9_]*/.exec(body)?.[0] ?? '');
  }
  if (expression.kind === 'name') {
    if (expression.name === 'this') return { kind: 'this', ...located };
    throw unsupported(place, construct, expression.name);
  }
  const { name, positional, keyword } = expression;
  const [first, second] = positional;
  switch (name) {
    case 'ref':
      if (positional.length !== 1 || keyword.length > 0 || typeof first !== 'string') {
        throw wrongArguments(place, construct, `ref takes one quoted model name, as in ref('dim_accounts')`);
      }
      return { kind: 'ref', name: first, ...located };
    case 'source':
      if (positional.length !== 2 || keyword.length > 0 || typeof first !== 'string' || typeof second !== 'string') {
        throw wrongArguments(
          place,
          construct,
          `source takes a quoted source name and table name, as in source('crm', 'accounts')`,
        );
      }
      return { kind: 'source', sourceName: first, tableName: second, ...located };
    case 'var':
      if (positional.length < 1 || positional.length > 2 || keyword.length > 0 || typeof first !== 'string') {
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
  }
  if (!isMacroName(name)) throw unsupported(place, construct, name);
  const binding = bindMacroCall(name, positional, keyword);
  if (binding.ok) return { kind: 'macro', call: binding.call, ...located };
  if (binding.problem === 'arguments') throw wrongArguments(place, construct, binding.detail);
  throw new ProjectError(
    place,
    `unknown datepart '${binding.datepart}' in '${construct}' (one of ${DATEPARTS.join(', ')})` +
      didYouMean(binding.datepart, DATEPARTS),
  );
}

function configValues(
  positional: readonly TemplateLiteral[],
  keyword: readonly (readonly [string, TemplateLiteral])[],
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

function isScalar(value: TemplateLiteral): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isConfigValue(value: TemplateLiteral): value is ConfigValue {
  return isScalar(value) || (Array.isArray(value) && value.every((item: TemplateLiteral) => isScalar(item)));
}
