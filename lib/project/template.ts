/**
 * The project's templating: deliberately tiny and dbt-compatible, no general Jinja (README, "The SQL
 * project"). `scanTemplate` reads what a file depends on and configures without rendering it (a call
 * of a project macro contributes what the macro's body refers to); `renderTemplate` produces the
 * SQL for one target. Both reject unsupported constructs with `path:line` and the construct as
 * written.
 */
import { AUDIT_TABLES } from '../audit/audit-tables.ts';
import type { TargetName } from '../plan/plan.ts';
import { didYouMean } from './did-you-mean.ts';
import { ProjectError } from './errors.ts';
import { renderMacro } from './macros.ts';
import { unknownModelMessage, unknownSourceMessage } from './reference-messages.ts';
import { isParameterArgument, type TemplateArgument, type TemplateLiteral } from './template-expression.ts';
import { bindBuiltInMacro, parseTemplate, type ConfigValue, type NameArgument, type TemplateNode } from './template-syntax.ts';
import { NO_MACROS, type UserMacros } from './user-macros.ts';

export interface TemplateContext {
  readonly target: TargetName;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly isIncremental: boolean;
  /** relation text for ref('name') (e.g. `analytics.dim_accounts`), undefined when there is no such model */
  resolveRef(name: string): string | undefined;
  resolveSource(sourceName: string, tableName: string): string | undefined;
  /** relation text of the model itself, for {{ this }} */
  readonly self?: string;
  /** Every model name, only to suggest one when a ref() is misspelled. */
  readonly knownModels?: readonly string[];
  /** Every source table as `source_name.table_name`, only to suggest one when a source() is misspelled. */
  readonly knownSources?: readonly string[];
  /** The project's macros (sql/macros). */
  readonly macros?: UserMacros;
  /**
   * What `landed_keys()` selects: the keys landed since the last build recorded for an incremental
   * model in audit.incremental_state, or, in a unit test, every key of the rows it gives. Absent
   * anywhere else, where landed_keys() is an error.
   */
  readonly landedKeys?: { readonly since: 'last build'; readonly modelId: string } | { readonly since: 'every given row' };
  /** A source table a model provides (a CRM system's mapping, lib/project/crm-system.ts), not a landed table. */
  isMappedSource?(sourceName: string, tableName: string): boolean;
}

/**
 * When a construct is rendered: always, only in the increment (`{% if is_incremental() %}`), only
 * in a full build (its `else`, or `{% if not is_incremental() %}`), or never (nested contradictions).
 */
export type RenderedWhen = 'always' | 'incremental' | 'full' | 'never';

/** Whether a construct found `when` is rendered in an incremental (or a full) rendering. */
export function isRendered(when: RenderedWhen, incremental: boolean): boolean {
  return when === 'always' || when === (incremental ? 'incremental' : 'full');
}

export interface TemplateScan {
  readonly refs: readonly { name: string; line: number; when: RenderedWhen }[];
  /** Every source() read, and the source table of every landed_keys(). */
  readonly sources: readonly { sourceName: string; tableName: string; line: number; when: RenderedWhen }[];
  readonly vars: readonly { name: string; line: number; hasDefault: boolean }[];
  /** merged arguments of every {{ config(...) }} call, e.g. { materialized: 'table', tags: ['x'], unique_key: 'id', severity: 'warn' } */
  readonly config: Readonly<Record<string, unknown>>;
  /** For each key of `config`, the line of the config() call that set it (for error messages). */
  readonly configLines: Readonly<Record<string, number>>;
  readonly usesIsIncremental: boolean;
  /** Each `{{ this }}`. */
  readonly thisUses: readonly { line: number; when: RenderedWhen }[];
  /** Each `landed_keys()`, which only an incremental model may call. */
  readonly landedKeys: readonly { line: number; when: RenderedWhen }[];
}

export function scanTemplate(text: string, path: string, macros: UserMacros = NO_MACROS): TemplateScan {
  const refs: { name: string; line: number; when: RenderedWhen }[] = [];
  const sources: { sourceName: string; tableName: string; line: number; when: RenderedWhen }[] = [];
  const thisUses: { line: number; when: RenderedWhen }[] = [];
  const landedKeys: { line: number; when: RenderedWhen }[] = [];
  const vars: { name: string; line: number; hasDefault: boolean }[] = [];
  const config: Record<string, ConfigValue> = {};
  const configLines: Record<string, number> = {};
  let usesIsIncremental = false;

  /** Inside a project macro, what is found is reported at the line of the outermost call. */
  const visit = (nodes: readonly TemplateNode[], values: MacroValues, callLine: number | undefined, when: RenderedWhen): void => {
    for (const node of nodes) {
      if (node.kind === 'text') continue;
      const line = callLine ?? node.line;
      const place = `${path}:${line}`;
      switch (node.kind) {
        case 'ref':
          refs.push({ name: nameOf(node.name, values, place, 'ref'), line, when });
          break;
        case 'source':
          sources.push({ sourceName: nameOf(node.sourceName, values, place, 'source'), tableName: nameOf(node.tableName, values, place, 'source'), line, when });
          break;
        case 'landed_keys':
          sources.push({ sourceName: nameOf(node.sourceName, values, place, 'landed_keys'), tableName: nameOf(node.table, values, place, 'landed_keys'), line, when });
          landedKeys.push({ line, when });
          break;
        case 'this':
          thisUses.push({ line, when });
          break;
        case 'var':
          vars.push({ name: node.name, line, hasDefault: node.default !== undefined });
          break;
        case 'config':
          for (const [key, value] of Object.entries(node.values)) {
            config[key] = key === 'tags' ? unionTags(config[key], value) : value;
            configLines[key] = line;
          }
          break;
        case 'if':
          usesIsIncremental = true;
          visit(node.whenTrue, values, callLine, within(when, node.negated ? 'full' : 'incremental'));
          visit(node.whenFalse, values, callLine, within(when, node.negated ? 'incremental' : 'full'));
          break;
        case 'call':
          // The loader refuses macros that call themselves, so this ends.
          visit(macros.get(node.name)?.body ?? [], argumentsOf(node.values, values), line, when);
          break;
        case 'definition':
          visit(node.body, new Map(), undefined, when);
          break;
        case 'macro':
        case 'parameter':
          break;
      }
    }
  };
  visit(parseTemplate(text, path, { macros }), new Map(), undefined, 'always');
  return { refs, sources, vars, config, configLines, usesIsIncremental, thisUses, landedKeys };
}

/** An if branch rendered `branch` inside a part rendered `outer`. */
function within(outer: RenderedWhen, branch: 'incremental' | 'full'): RenderedWhen {
  if (outer === 'always') return branch;
  return outer === branch ? outer : 'never';
}

/** The values of a project macro's parameters while its body is scanned or rendered. */
type MacroValues = ReadonlyMap<string, TemplateLiteral>;

function valueOf(argument: TemplateArgument, values: MacroValues): TemplateLiteral {
  return isParameterArgument(argument) ? (values.get(argument.parameter) ?? null) : argument;
}

/** A call's bound arguments, with the caller's own parameters replaced by their values. */
function argumentsOf(bound: ReadonlyMap<string, TemplateArgument>, values: MacroValues): MacroValues {
  return new Map([...bound].map(([name, argument]) => [name, valueOf(argument, values)]));
}

function nameOf(argument: NameArgument, values: MacroValues, place: string, construct: string): string {
  const value = valueOf(argument, values);
  if (typeof value === 'string') return value;
  const parameter = isParameterArgument(argument) ? argument.parameter : '';
  throw new ProjectError(place, `${construct}() needs a quoted name, but macro argument '${parameter}' is ${JSON.stringify(value)}`);
}

/** Several config() calls in one file add up their tags, like the config levels do. */
function unionTags(previous: ConfigValue | undefined, next: ConfigValue): ConfigValue {
  const asList = (value: ConfigValue | undefined): readonly (string | number | boolean)[] =>
    value === undefined ? [] : Array.isArray(value) ? value : [value as string | number | boolean];
  return [...new Set([...asList(previous), ...asList(next)])];
}

export function renderTemplate(text: string, path: string, context: TemplateContext): string {
  const macros = context.macros ?? NO_MACROS;
  const renderIn = (nodePath: string, values: MacroValues, callLine?: number) => {
    const render = (nodes: readonly TemplateNode[]): string =>
      nodes.map((node) => renderNode(node, { path: nodePath, context, values, render, renderMacro: renderCall, callLine })).join('');
    return render;
  };
  const renderCall = (name: string, values: MacroValues, callLine: number): string => {
    const macro = macros.get(name);
    // The parser only accepts calls of macros it was given, and it was given these.
    if (macro === undefined) throw new Error(`macro '${name}' is not in the rendering context`);
    return renderIn(path, values, callLine)(macro.body);
  };
  return renderIn(path, new Map())(parseTemplate(text, path, { macros }));
}

interface RenderScope {
  readonly path: string;
  readonly context: TemplateContext;
  /** The arguments of the macro being rendered. */
  readonly values: MacroValues;
  readonly render: (nodes: readonly TemplateNode[]) => string;
  readonly renderMacro: (name: string, values: MacroValues, callLine: number) => string;
  /** Inside a project macro: the line of the outermost call, where errors are reported. */
  readonly callLine: number | undefined;
}

function renderNode(node: TemplateNode, scope: RenderScope): string {
  if (node.kind === 'text') return node.text;
  const { path, context, render, values } = scope;
  const line = scope.callLine ?? node.line;
  const place = `${path}:${line}`;
  switch (node.kind) {
    case 'ref': {
      const name = nameOf(node.name, values, place, 'ref');
      const relation = context.resolveRef(name);
      if (relation === undefined) {
        throw new ProjectError(place, unknownModelMessage(name, context.knownModels ?? []));
      }
      return relation;
    }
    case 'source': {
      const sourceName = nameOf(node.sourceName, values, place, 'source');
      const tableName = nameOf(node.tableName, values, place, 'source');
      const relation = context.resolveSource(sourceName, tableName);
      if (relation === undefined) {
        throw new ProjectError(place, unknownSourceMessage(sourceName, tableName, context.knownSources ?? []));
      }
      return relation;
    }
    case 'var': {
      if (Object.hasOwn(context.vars, node.name) && context.vars[node.name] !== undefined) {
        return renderVarValue(context.vars[node.name], node.name, place);
      }
      if (node.default !== undefined) return renderVarValue(node.default.value, node.name, place);
      throw new ProjectError(place, `unknown var '${node.name}'${didYouMean(node.name, Object.keys(context.vars))}`);
    }
    case 'config':
      return '';
    case 'landed_keys':
      return renderLandedKeys(node, scope, place);
    case 'this':
      if (context.self === undefined) {
        throw new ProjectError(place, `'${node.construct}' is only available in a model`);
      }
      return context.self;
    case 'macro': {
      if (node.deferred === undefined) return renderMacro(node.call, context.target);
      const { name, positional, keyword } = node.deferred;
      const call = bindBuiltInMacro(
        name,
        positional.map((argument) => valueOf(argument, values)),
        keyword.map(([key, argument]) => [key, valueOf(argument, values)] as const),
        place,
        node.construct,
      );
      return renderMacro(call, context.target);
    }
    case 'if':
      return render(context.isIncremental !== node.negated ? node.whenTrue : node.whenFalse);
    case 'call':
      return scope.renderMacro(node.name, argumentsOf(node.values, values), line);
    case 'parameter':
      return renderArgument(values.get(node.name) ?? null, node.name, place);
    case 'definition':
      return '';
  }
}

/**
 * The keys of the source rows landed (`_loaded_at`, the load's time) after the newest load the
 * model's last successful build had read (`loaded_through`, recorded by the publish); every key
 * before the model was ever built. A table a CRM system's mapping provides gives every key: a
 * mapped row also changes when other objects land (a Salesforce task's contact or opportunity, an
 * order's header, a product's price), which its own `_loaded_at` does not show.
 */
function renderLandedKeys(node: Extract<TemplateNode, { kind: 'landed_keys' }>, scope: RenderScope, place: string): string {
  const { context, values } = scope;
  const sourceName = nameOf(node.sourceName, values, place, 'landed_keys');
  const tableName = nameOf(node.table, values, place, 'landed_keys');
  const key = nameOf(node.key, values, place, 'landed_keys');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
    throw new ProjectError(place, `landed_keys() takes a key column name, got '${key}'`);
  }
  const relation = context.resolveSource(sourceName, tableName);
  if (relation === undefined) throw new ProjectError(place, unknownSourceMessage(sourceName, tableName, context.knownSources ?? []));
  const landedKeys = context.landedKeys;
  if (landedKeys === undefined) throw new ProjectError(place, LANDED_KEYS_OUTSIDE_INCREMENTAL);
  const keys = `select distinct ${key} from ${relation}`;
  if (landedKeys.since === 'every given row' || context.isMappedSource?.(sourceName, tableName) === true) return keys;
  const lastLoad = `select coalesce(max(loaded_through), cast('1900-01-01' as timestamp)) from ${AUDIT_TABLES.incrementalState} where model_id = '${landedKeys.modelId}'`;
  return `${keys} where _loaded_at > (${lastLoad})`;
}

export const LANDED_KEYS_OUTSIDE_INCREMENTAL =
  "landed_keys() is only available in an incremental model (materialized='incremental'): it reads the model's last build from audit.incremental_state";

/** A macro argument goes in as written, like a var: SQL fragments pass through. */
function renderArgument(value: TemplateLiteral, name: string, place: string): string {
  if (Array.isArray(value)) return value.map((item: TemplateLiteral) => renderArgument(item, name, place)).join(', ');
  return renderVarValue(value, name, place);
}

/** As dbt does, the value goes in as written: the SQL author supplies any quotes. */
function renderVarValue(value: unknown, name: string, place: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  const got = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : typeof value;
  throw new ProjectError(place, `var '${name}' is ${got}; only strings, numbers and booleans render into SQL`);
}
