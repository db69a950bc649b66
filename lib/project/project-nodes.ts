/**
 * The compiler's index of a project's models and source tables: their plan ids, their relations,
 * and the template context that renders `ref()` / `source()` to those relations.
 */
import { auditRelation, relationText, type Relation, type TargetName } from '../plan/plan.ts';
import { ProjectError } from './errors.ts';
import type { NodeReference } from './node-reference.ts';
import type { ModelSpec, Project, SourceTableSpec } from './project.ts';
import type { TemplateContext } from './template.ts';

export interface ModelNode {
  readonly kind: 'model';
  readonly id: string;
  readonly spec: ModelSpec;
  readonly relation: Relation;
}

export interface SourceNode {
  readonly kind: 'source';
  readonly id: string;
  readonly spec: SourceTableSpec;
  readonly relation: Relation;
  /** In a CRM system's project (lib/project/crm-system.ts), the model a contract table is read from. */
  readonly providedBy?: ModelNode;
}

export interface RenderOptions {
  readonly isIncremental?: boolean;
  /** `{{ this }}`: the model being rendered. */
  readonly self?: ModelNode;
  /** This model's `ref()` renders to its write-audit-publish relation instead of the published one. */
  readonly audited?: ModelNode;
}

export class ProjectNodes {
  /** By model name. */
  readonly models = new Map<string, ModelNode>();
  /** By `source_name.table_name`. */
  readonly sources = new Map<string, SourceNode>();

  constructor(
    readonly project: Project,
    readonly target: TargetName,
    readonly vars: Readonly<Record<string, unknown>>,
    providers: ReadonlyMap<string, string> = new Map(),
  ) {
    const projectName = project.config.name;
    for (const spec of project.sources) {
      const key = `${spec.sourceName}.${spec.tableName}`;
      if (this.sources.has(key)) throw new ProjectError(spec.origin.path, `source table '${key}' is declared twice`);
      const relation = { schema: spec.schema.toLowerCase(), name: spec.tableName.toLowerCase() };
      this.sources.set(key, { kind: 'source', id: `source.${spec.sourceName}.${spec.tableName}`, spec, relation });
    }
    for (const spec of project.models) {
      const existing = this.models.get(spec.name);
      if (existing !== undefined) throw new ProjectError(spec.path, `model name '${spec.name}' is already used by ${existing.spec.path}`);
      const relation = { schema: spec.schema.toLowerCase(), name: spec.name.toLowerCase() };
      this.models.set(spec.name, { kind: 'model', id: `${spec.seed === undefined ? 'model' : 'seed'}.${projectName}.${spec.name}`, spec, relation });
    }
    for (const [key, modelName] of providers) {
      const source = this.sources.get(key);
      const model = this.models.get(modelName);
      if (source !== undefined && model !== undefined) this.sources.set(key, { ...source, relation: model.relation, providedBy: model });
    }
  }

  /** What reading a source table reads: the table, or the model that provides it. */
  sourceRead(sourceName: string, tableName: string): ModelNode | SourceNode | undefined {
    const source = this.source(sourceName, tableName);
    return source?.providedBy ?? source;
  }

  /** Source tables landed as raw tables (those no model provides). */
  landedSources(): SourceNode[] {
    return [...this.sources.values()].filter((source) => source.providedBy === undefined);
  }

  source(sourceName: string, tableName: string): SourceNode | undefined {
    return this.sources.get(`${sourceName}.${tableName}`);
  }

  resolve(reference: NodeReference): ModelNode | SourceNode | undefined {
    return reference.kind === 'ref' ? this.models.get(reference.name) : this.source(reference.sourceName, reference.tableName);
  }

  templateContext(options: RenderOptions = {}): TemplateContext {
    return {
      target: this.target,
      vars: this.vars,
      isIncremental: options.isIncremental ?? false,
      resolveRef: (name) => {
        const model = this.models.get(name);
        if (model === undefined) return undefined;
        return relationText(model === options.audited ? auditRelation(model.relation) : model.relation, this.target);
      },
      resolveSource: (sourceName, tableName) => {
        const source = this.source(sourceName, tableName);
        return source === undefined ? undefined : relationText(source.relation, this.target);
      },
      self: options.self === undefined ? undefined : relationText(options.self.relation, this.target),
      ...(options.self?.spec.materialized === 'incremental' ? { landedKeys: { since: 'last build', modelId: options.self.id } as const } : {}),
      isMappedSource: (sourceName, tableName) => this.source(sourceName, tableName)?.providedBy !== undefined,
      knownModels: [...this.models.keys()],
      knownSources: [...this.sources.keys()],
      ...(this.project.macros === undefined ? {} : { macros: this.project.macros }),
    };
  }
}
