/**
 * A generic test names columns: the column it is declared under, and columns in its arguments
 * (`combination_of_columns`, `group_by_columns`, recency's `field`, relationships' `field` on the
 * parent). Each must be a column of the relation it reads, or the test would fail only when run,
 * as a database error. A model's columns are what its compiled SELECT outputs (column lineage,
 * docs/architecture.md "Where things live"); a source's are its landing contract and the load
 * columns. When a model's output cannot be listed completely (a star over a relation whose
 * columns are unknown), its columns are not checked rather than guessed.
 *
 * The error names the schema.yml (or sources.yml) file and the line of the test's entry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { queryColumnLineage, type CatalogRelation } from '../docs/column-lineage/query-column-lineage.ts';
import { LOAD_COLUMNS } from '../landing/load-columns.ts';
import { YamlEntryLines } from '../lint/yaml-entry-lines.ts';
import { qualified, type PlanModel } from '../plan/plan.ts';
import { didYouMean } from './did-you-mean.ts';
import { ProjectError } from './errors.ts';
import { originPlace } from './origin-place.ts';
import type { GenericTestSpec } from './project.ts';
import type { ModelNode, ProjectNodes, SourceNode } from './project-nodes.ts';

/** Arguments that name columns of the tested relation. */
const COLUMN_ARGUMENTS = ['combination_of_columns', 'group_by_columns', 'field'] as const;

export class TestColumns {
  private readonly models: ReadonlyMap<string, PlanModel>;
  /** Output columns by model id; undefined when they cannot all be listed. */
  private readonly outputs = new Map<string, readonly string[] | undefined>();
  private readonly fileLines = new Map<string, YamlEntryLines | undefined>();

  constructor(
    models: readonly PlanModel[],
    private readonly nodes: ProjectNodes,
  ) {
    this.models = new Map(models.map((model) => [model.id, model]));
  }

  /** Throws a ProjectError at the test's file and line for the first column the relation lacks. */
  check(spec: GenericTestSpec, tested: ModelNode | SourceNode, parent: ModelNode | SourceNode | undefined): void {
    const named: [string, ModelNode | SourceNode][] = [];
    if (spec.column !== undefined) named.push([spec.column, tested]);
    for (const argument of COLUMN_ARGUMENTS) {
      // relationships' field is the parent's column; every other column argument is the tested relation's.
      const owner = argument === 'field' && parent !== undefined ? parent : tested;
      for (const column of columnsIn(spec.args[argument])) named.push([column, owner]);
    }
    for (const [column, owner] of named) {
      if (this.mentions(owner, column)) continue;
      const columns = this.columnsOf(owner);
      if (columns === undefined || columns.includes(column.toLowerCase())) continue;
      const what = owner.kind === 'model' ? `model '${owner.spec.name}' outputs no column '${column}'` : `source '${owner.spec.sourceName}.${owner.spec.tableName}' has no column '${column}' in its contract`;
      throw new ProjectError(this.placeOf(spec), `${spec.testName} tests a column that does not exist: ${what}${didYouMean(column.toLowerCase(), columns)}`);
    }
  }

  /**
   * Listing a model's output means parsing its SQL, which costs more than the rest of compiling:
   * a column its SQL names as a word is taken as output without it. Only a name the SQL never
   * writes (a typo, or a column passed through a star) is looked up in the parsed output.
   */
  private mentions(node: ModelNode | SourceNode, column: string): boolean {
    if (node.kind !== 'model') return false;
    const sql = this.models.get(node.id)?.sql;
    const word = column.toLowerCase().replace(/[^a-z0-9_]/g, '');
    return sql !== undefined && word !== '' && new RegExp(`(^|[^a-z0-9_])${word}($|[^a-z0-9_])`).test(sql.toLowerCase());
  }

  private columnsOf(node: ModelNode | SourceNode): readonly string[] | undefined {
    if (node.kind === 'source') {
      if (node.providedBy !== undefined) return this.columnsOf(node.providedBy);
      // A table declared without columns has no contract to check against.
      if (node.spec.columns.length === 0) return undefined;
      return [...node.spec.columns, ...LOAD_COLUMNS].map((column) => column.name.toLowerCase());
    }
    return this.outputOf(node.id);
  }

  private outputOf(modelId: string): readonly string[] | undefined {
    if (this.outputs.has(modelId)) return this.outputs.get(modelId);
    const model = this.models.get(modelId);
    // Set first: a model never reads itself, but a broken plan must not recurse forever.
    this.outputs.set(modelId, undefined);
    if (model === undefined) return undefined;
    const lineage = queryColumnLineage(model.sql, (name) => this.catalog(name));
    const output = lineage.incomplete.length === 0 ? lineage.columns.map((column) => column.column.toLowerCase()) : undefined;
    this.outputs.set(modelId, output);
    return output;
  }

  /** A relation the SQL reads: a model's output (or its declared columns), a source's contract. */
  private catalog(qualifiedName: string): CatalogRelation | undefined {
    for (const model of this.models.values()) {
      if (qualified(model.relation).toLowerCase() !== qualifiedName) continue;
      const declared = model.columns.map((column) => column.name.toLowerCase());
      return { node: model.id, columns: this.outputOf(model.id) ?? (declared.length > 0 ? declared : undefined) };
    }
    for (const source of this.nodes.sources.values()) {
      if (source.providedBy !== undefined || qualified(source.relation).toLowerCase() !== qualifiedName) continue;
      return { node: source.id, columns: this.columnsOf(source) };
    }
    return undefined;
  }

  /** `file:line: yaml.path`, the line of the test's entry when the file can be read again. */
  private placeOf(spec: GenericTestSpec): string {
    const { path, yamlPath } = spec.origin;
    if (!this.fileLines.has(path)) {
      let text: string | undefined;
      try {
        text = readFileSync(join(this.nodes.project.root, path), 'utf8');
      } catch {
        text = undefined;
      }
      this.fileLines.set(path, text === undefined ? undefined : new YamlEntryLines(text));
    }
    const line = yamlPath === undefined ? undefined : this.fileLines.get(path)?.lineOf(yamlPath);
    return line === undefined ? originPlace(spec.origin) : `${path}:${line}: ${yamlPath}`;
  }
}

function columnsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
