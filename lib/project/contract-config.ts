/**
 * What a model that enforces its contract (`config: {contract: {enforced: true}}`, as dbt) must
 * declare: its columns, each with a data_type a contract can compare on every engine
 * (lib/sql/contract-types.ts). The build is checked against them before publishing
 * (lib/publish/contract-check.ts).
 */
import { CONTRACT_TYPES, declaredContractType } from '../sql/contract-types.ts';
import { ProjectError } from './errors.ts';
import type { ModelSpec } from './project.ts';

export function checkContractConfig(model: ModelSpec, errors: ProjectError[]): void {
  if (model.contractEnforced !== true) return;
  const entry = model.origin === undefined ? model.path : `${model.origin.path}: ${model.origin.yamlPath}`;
  if (model.materialized === 'view') {
    errors.push(new ProjectError(entry, `model '${model.name}' is a view: only tables and incremental models can enforce a contract (a late-binding view has no column catalog on Redshift)`));
  }
  if (model.columns.length === 0) {
    errors.push(new ProjectError(entry, `model '${model.name}' enforces a contract but declares no columns: list every column with its data_type`));
  }
  model.columns.forEach((column, index) => {
    const place = `${entry}.columns[${index}]`;
    if (column.dataType === undefined) {
      errors.push(new ProjectError(place, `column '${column.name}' has no data_type: model '${model.name}' enforces a contract, which needs one for every column`));
    } else if (declaredContractType(column.dataType) === undefined) {
      errors.push(new ProjectError(`${place}.data_type`, `'${column.dataType}' cannot be enforced by a contract: use one of ${CONTRACT_TYPES} (a decimal with its precision and scale)`));
    }
  });
}
