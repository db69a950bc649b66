/**
 * Enforced model contracts (dbt's `contract: {enforced: true}`), checked on the staged build before
 * it is published (docs/architecture.md, "Runs, safety and history"): the built relation must have
 * exactly the declared columns (in any order), each of the declared type (lib/sql/contract-types.ts).
 * A breach fails the model naming each column, its declared and its built type, and the staged build
 * is dropped, so nothing is published.
 *
 * information_schema.columns describes tables on DuckDB, Postgres and Redshift alike, with a
 * decimal's precision and scale in numeric_precision / numeric_scale (Redshift's column catalog:
 * https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_COLUMNS.html). Only tables and incremental
 * models may enforce a contract (lib/project/contract-config.ts): the pipeline builds views late-binding,
 * and Redshift's information_schema does not describe those.
 */
import type { Engine, Row } from '../engines/engine.ts';
import { qualified, type PlanModel, type Relation } from '../plan/plan.ts';
import { builtContractType, declaredContractType } from '../sql/contract-types.ts';
import { sqlString } from '../sql/literals.ts';

/** The columns of `relations`, each row naming its relation (`schema.name`). */
export function contractColumnsQuery(relations: readonly Relation[]): string {
  const names = relations.length === 0 ? "''" : relations.map((relation) => sqlString(qualified(relation))).join(', ');
  return `select table_schema || '.' || table_name as relation_name, column_name, data_type, numeric_precision, numeric_scale
  from information_schema.columns
 where table_schema || '.' || table_name in (${names})
 order by table_schema, table_name, ordinal_position`;
}

/** Every way the built columns (the query's rows) differ from the model's declared ones; empty when they keep the contract. */
export function contractBreaches(model: PlanModel, rows: readonly Row[]): string[] {
  const built = new Map(
    rows.map((row) => [
      String(row.column_name).toLowerCase(),
      builtContractType(String(row.data_type), numberOrNull(row.numeric_precision), numberOrNull(row.numeric_scale)),
    ]),
  );
  const breaches: string[] = [];
  const declaredNames = new Set<string>();
  for (const column of model.columns) {
    const name = column.name.toLowerCase();
    declaredNames.add(name);
    const declared = declaredContractType(column.dataType ?? '') ?? String(column.dataType);
    const actual = built.get(name);
    if (actual === undefined) breaches.push(`column ${name} is declared (${declared}) but not built`);
    else if (actual !== declared) breaches.push(`column ${name} is built as ${actual}, declared ${declared}`);
  }
  for (const [name, actual] of built) if (!declaredNames.has(name)) breaches.push(`column ${name} (${actual}) is built but not declared`);
  return breaches;
}

export class ContractBreachError extends Error {
  override readonly name = 'ContractBreachError';
}

/** Throws ContractBreachError when `staged`, the model's build, breaks its enforced contract; models without one pass. */
export async function enforceContract(engine: Engine, model: PlanModel, staged: Relation): Promise<void> {
  if (model.config.contract?.enforced !== true) return;
  assertContracts([{ model, built: staged }], await engine.query(contractColumnsQuery([staged])));
}

/** The models of `models` that enforce a contract. */
export function contractedModels(models: readonly PlanModel[]): PlanModel[] {
  return models.filter((model) => model.config.contract?.enforced === true);
}

/**
 * Throws ContractBreachError naming every breach of every model, each compared with the rows of
 * `contractColumnsQuery` over the relations they were built as (the pipeline checks a layer's
 * staged builds in one query).
 */
export function assertContracts(builds: readonly { readonly model: PlanModel; readonly built: Relation }[], rows: readonly Row[]): void {
  const problems = builds.flatMap(({ model, built }) => {
    const breaches = contractBreaches(model, rows.filter((row) => String(row.relation_name) === qualified(built)));
    return breaches.length === 0 ? [] : [`contract of ${model.name} not met, not published: ${breaches.join('; ')}`];
  });
  if (problems.length > 0) throw new ContractBreachError(problems.join('\n'));
}

function numberOrNull(value: Row[string] | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}
