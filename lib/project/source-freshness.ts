/**
 * dbt's source freshness settings of one source table: `loaded_at_field` and `freshness:` may sit on
 * the source or on the table, and the table's win (`freshness: null` on a table switches off its
 * source's). Every problem names its YAML place.
 */
import { LOAD_COLUMNS } from '../landing/load-columns.ts';
import type { SourceFreshness } from '../plan/plan.ts';
import { didYouMean } from './did-you-mean.ts';
import { ProjectError } from './errors.ts';
import type { FreshnessInput, SourceInput } from './project-schemas.ts';
import type { ColumnSpec } from './project.ts';
import { yamlPlace, type YamlPath } from './yaml-path.ts';

type TableInput = SourceInput['tables'][number];

export interface FreshnessPlaces {
  readonly file: string;
  readonly sourcePath: YamlPath;
  readonly tablePath: YamlPath;
}

/** A date or a timestamp: what an age can be measured from. */
const TIME_TYPE = /^(date|timestamp)/i;

export function sourceFreshnessOf(
  source: SourceInput,
  table: TableInput,
  columns: readonly ColumnSpec[],
  places: FreshnessPlaces,
  errors: ProjectError[],
): SourceFreshness | undefined {
  const { file, sourcePath, tablePath } = places;
  const onTable = table.freshness !== undefined;
  const freshness: FreshnessInput | undefined = onTable ? table.freshness : source.freshness;
  if (freshness === null || freshness === undefined) return undefined;
  const freshnessPath = [...(onTable ? tablePath : sourcePath), 'freshness'];
  if (freshness.warn_after == null && freshness.error_after == null) {
    errors.push(new ProjectError(yamlPlace(file, freshnessPath), 'freshness needs warn_after or error_after (or freshness: null to check nothing)'));
    return undefined;
  }
  const fieldOnTable = table.loaded_at_field !== undefined;
  const loadedAtField = fieldOnTable ? table.loaded_at_field : source.loaded_at_field;
  if (loadedAtField === undefined) {
    errors.push(new ProjectError(yamlPlace(file, tablePath), `freshness (at ${yamlPlace(file, freshnessPath)}) needs a loaded_at_field on the table or its source`));
    return undefined;
  }
  const fieldPlace = yamlPlace(file, [...(fieldOnTable ? tablePath : sourcePath), 'loaded_at_field']);
  const known = [...columns, ...LOAD_COLUMNS];
  const column = known.find((candidate) => candidate.name === loadedAtField);
  if (column === undefined) {
    const names = known.map((candidate) => candidate.name);
    errors.push(new ProjectError(fieldPlace, `loaded_at_field '${loadedAtField}' is not a column of ${source.name}.${table.name}${didYouMean(loadedAtField, names)}`));
    return undefined;
  }
  if (column.dataType !== undefined && !TIME_TYPE.test(column.dataType)) {
    errors.push(new ProjectError(fieldPlace, `loaded_at_field '${loadedAtField}' is a ${column.dataType} column of ${source.name}.${table.name}; freshness needs a date or timestamp`));
    return undefined;
  }
  return {
    loadedAtField,
    ...(freshness.warn_after == null ? {} : { warnAfter: freshness.warn_after }),
    ...(freshness.error_after == null ? {} : { errorAfter: freshness.error_after }),
  };
}
