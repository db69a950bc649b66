/**
 * Which CRM the warehouse reads: the var `crm_source` (`generic`, `salesforce` or `hubspot`).
 *
 * The `crm` source is the landing contract every staging view reads. A system's raw objects are
 * declared as a source named after the system (`salesforce`, `hubspot`), and its mapping lives in
 * `sql/staging/<system>/`: one model `stg_<system>__<table>` per table of the contract, returning
 * that table's contract columns (plus `_ingest_date`, `_source_file`, `_loaded_at`). In a system's
 * project every `source('crm', '<table>')` reads that model instead of a landed raw table, so the
 * staging dedup, the dimensions, facts, marts and every test are the same for every system.
 *
 * A generic project (the default) never sees the system folders or sources: its plan is the one it
 * would be without them.
 */
import { ProjectError, ProjectErrors } from './errors.ts';
import type { ModelSpec, Project } from './project.ts';

export const CRM_SYSTEMS = ['salesforce', 'hubspot'] as const;
export type CrmSystem = (typeof CRM_SYSTEMS)[number];

export const CRM_SOURCE_VAR = 'crm_source';
export const CONTRACT_SOURCE = 'crm';

export interface CrmSystemScope {
  /** The project with only what this system's build reads. */
  readonly project: Project;
  /** `crm.<table>` → the name of the model that provides it (empty for a generic project). */
  readonly providers: ReadonlyMap<string, string>;
}

export function scopeToCrmSystem(project: Project, vars: Readonly<Record<string, unknown>>): CrmSystemScope {
  const system = crmSystemOf(vars[CRM_SOURCE_VAR]);
  const belongsElsewhere = (owner: CrmSystem | undefined): boolean => owner !== undefined && owner !== system;
  const models = project.models.filter((model) => !belongsElsewhere(systemFolderOf(model)));
  const sources = project.sources.filter((source) => !belongsElsewhere(systemSourceOf(source.sourceName)));
  if (models.length === project.models.length && sources.length === project.sources.length && system === undefined) {
    return { project, providers: new Map() };
  }
  const modelNames = new Set(models.map((model) => model.name));
  const unitTests = project.unitTests?.filter((test) => modelNames.has(test.model));
  const scoped: Project = {
    ...project,
    models,
    sources,
    ...(unitTests === undefined ? {} : { unitTests }),
  };
  return { project: scoped, providers: system === undefined ? new Map() : providersOf(scoped, system) };
}

/** undefined for `generic` (and for a project that does not declare the var). */
function crmSystemOf(value: unknown): CrmSystem | undefined {
  if (value === undefined || value === 'generic') return undefined;
  if (typeof value === 'string' && (CRM_SYSTEMS as readonly string[]).includes(value)) return value as CrmSystem;
  throw new ProjectErrors([
    new ProjectError(`var ${CRM_SOURCE_VAR}`, `${JSON.stringify(value)} is not a CRM source; use one of generic, ${CRM_SYSTEMS.join(', ')}`),
  ]);
}

/** The system whose folder (`sql/staging/<system>/`) holds the model, if any. */
export function systemFolderOf(model: Pick<ModelSpec, 'path'>): CrmSystem | undefined {
  return CRM_SYSTEMS.find((system) => model.path.startsWith(`sql/staging/${system}/`));
}

function systemSourceOf(sourceName: string): CrmSystem | undefined {
  return CRM_SYSTEMS.find((system) => system === sourceName);
}

/** Each contract table must have exactly one provider among the system's models, and each of them must provide one. */
function providersOf(project: Project, system: CrmSystem): Map<string, string> {
  const errors: ProjectError[] = [];
  const contractTables = project.sources.filter((source) => source.sourceName === CONTRACT_SOURCE).map((source) => source.tableName);
  const prefix = `stg_${system}__`;
  const providers = new Map<string, string>();
  for (const model of project.models) {
    if (systemFolderOf(model) !== system) continue;
    const table = model.name.startsWith(prefix) ? model.name.slice(prefix.length) : undefined;
    if (table === undefined || !contractTables.includes(table)) {
      errors.push(
        new ProjectError(
          model.path,
          `a model in sql/staging/${system}/ provides one table of source '${CONTRACT_SOURCE}' and is named ${prefix}<table> (${contractTables.join(', ')}); '${model.name}' is not`,
        ),
      );
      continue;
    }
    providers.set(`${CONTRACT_SOURCE}.${table}`, model.name);
  }
  for (const table of contractTables) {
    if (!providers.has(`${CONTRACT_SOURCE}.${table}`)) {
      errors.push(
        new ProjectError(
          `var ${CRM_SOURCE_VAR}`,
          `is '${system}', but no model provides source('${CONTRACT_SOURCE}', '${table}'): add sql/staging/${system}/${prefix}${table}.sql`,
        ),
      );
    }
  }
  if (errors.length > 0) throw new ProjectErrors(errors);
  return providers;
}
