/**
 * The relation a unit test gives in place of one model or source the model reads: a portable
 * SELECT of typed literals, one `union all` branch per row, or an empty relation with the same
 * columns when no rows are given. Like dbt, columns the rows leave out are null, as long as their
 * type is declared; the loader's own columns (`_ingest_date`, ...) come with every source.
 */
import type { PlanColumn, TargetName } from '../plan/plan.ts';
import { didYouMean } from './did-you-mean.ts';
import { ProjectError, ProjectErrors } from './errors.ts';
import type { UnitTestRow } from './project.ts';
import { inferColumnType, sizedTextType, typedLiteral } from './unit-test-values.ts';

export interface FixtureInput {
  /** The engine the SQL goes to: text values are quoted its way. */
  readonly target: TargetName;
  readonly rows: readonly UnitTestRow[];
  /** The input's columns in declared order, with their declared types where there are any. */
  readonly declared: readonly PlanColumn[];
  /** `declared` lists every column (a source's landing contract): any other column is a typo. */
  readonly complete: boolean;
  /** How the input is written, for messages: `ref('stg_crm_deals')`. */
  readonly what: string;
  /** Where problems are reported: `sql/facts/schema.yml: unit_tests[0].given[1]`. */
  readonly place: string;
  /** The file where the input's column types are declared, for messages. */
  readonly declaredIn: string;
}

interface FixtureColumn {
  readonly name: string;
  readonly type: string;
}

export function fixtureSql(input: FixtureInput): string {
  const columns = fixtureColumns(input);
  const select = (row: UnitTestRow | undefined): string =>
    `select ${columns.map((column) => `${typedLiteral(row?.[column.name] ?? null, column.type, input.target)} as ${column.name}`).join(', ')}`;
  if (input.rows.length === 0) return `${select(undefined)} where 1 = 0`;
  return input.rows.map(select).join('\nunion all\n');
}

function fixtureColumns(input: FixtureInput): FixtureColumn[] {
  const problems: ProjectError[] = [];
  const declared = new Map(input.declared.map((column) => [column.name.toLowerCase(), column]));
  const given: string[] = [];
  input.rows.forEach((row, index) => {
    for (const name of Object.keys(row)) {
      if (given.includes(name)) continue;
      if (input.complete && !declared.has(name)) {
        problems.push(new ProjectError(`${input.place}.rows[${index}]`, `unknown column '${name}' in ${input.what}${didYouMean(name, declared.keys())}`));
        continue;
      }
      given.push(name);
    }
  });

  const columns: FixtureColumn[] = [];
  const typed = (name: string): void => {
    const declaredType = declared.get(name)?.dataType;
    if (declaredType !== undefined) {
      columns.push({ name, type: sizedTextType(declaredType) });
      return;
    }
    const inferred = inferColumnType(input.rows.map((row) => row[name] ?? null));
    if (inferred.ok) {
      columns.push({ name, type: inferred.type });
      return;
    }
    problems.push(
      new ProjectError(
        input.place,
        `column '${name}' of ${input.what} ${inferred.problem} and has no data_type: declare its data_type in ${input.declaredIn} or give typed values`,
      ),
    );
  };
  for (const column of input.declared) {
    const name = column.name.toLowerCase();
    if (column.dataType !== undefined || given.includes(name)) typed(name);
  }
  for (const name of given) if (!declared.has(name)) typed(name);

  if (columns.length === 0 && problems.length === 0) {
    problems.push(
      new ProjectError(input.place, `no rows given and no column of ${input.what} has a data_type in ${input.declaredIn}, so its empty relation has no columns`),
    );
  }
  if (problems.length > 0) throw new ProjectErrors(problems);
  return columns;
}
