/**
 * The parsed, validated SQL project (`sql/`), before compilation. Produced by `loadProject`,
 * consumed by the compiler. Nothing here knows about engines.
 */
import type { IncrementalStrategy, Layer, Materialization, ModelGrants, OnSchemaChange, Severity, SourceFreshness, UnitTestValue } from '../plan/plan.ts';
import type { SeedData } from '../seeds/read-seed.ts';
import type { DocBlock } from './doc-blocks.ts';
import type { NodeReference } from './node-reference.ts';
import type { TestRunConfig } from './test-config.ts';
import type { UserMacros } from './user-macros.ts';

/** Where a thing was declared, for error messages: `sql/facts/schema.yml: models[2].columns[0].tests[1]`. */
export interface Origin {
  /** Project-relative path, e.g. `sql/facts/schema.yml`. */
  readonly path: string;
  /** YAML path inside the file, e.g. `models[2].columns[0].tests[1]`; absent for whole files. */
  readonly yamlPath?: string;
}

export interface LayerDefaults {
  readonly schema: string;
  readonly materialized: Materialization;
  readonly tags: readonly string[];
  readonly grants?: ModelGrants;
}

/** A layer of `sql/project.yml`'s `models:`: its models live in `sql/<name>/`. */
export interface ProjectLayer extends LayerDefaults {
  readonly name: Layer;
}

export interface ProjectConfig {
  readonly name: string;
  readonly vars: Readonly<Record<string, unknown>>;
  /** In build order, as `models:` lists them. */
  readonly layers: readonly ProjectLayer[];
}

export type GenericTestName =
  | 'unique'
  | 'not_null'
  | 'accepted_values'
  | 'relationships'
  | 'expression_is_true'
  | 'accepted_range'
  | 'not_empty'
  | 'unique_combination_of_columns'
  | 'not_null_proportion'
  | 'recency'
  | 'at_least_one'
  | 'not_constant'
  | 'sequential_values'
  | 'equal_rowcount'
  | 'relationships_where'
  | 'expect_column_values_to_be_between'
  | 'expect_column_values_to_match_regex'
  | 'expect_table_row_count_to_be_between'
  | 'expect_column_values_to_be_in_set';

/** A generic test as declared in YAML, arguments kept as given (validated per test name). */
export interface GenericTestSpec {
  /** A built-in test (GenericTestName) or one of the project's own (`sql/tests/generic/`). */
  readonly testName: string;
  /** Column the test is declared on; absent for model-level tests. */
  readonly column?: string;
  readonly severity: Severity;
  /** Optional filter applied to the tested relation (dbt `config.where`). */
  readonly where?: string;
  /** Test arguments, e.g. `{ values: [...] }`, `{ to: "ref('dim_accounts')", field: 'account_id' }`. */
  readonly args: Readonly<Record<string, unknown>>;
  /** warn_if, error_if, limit, store_failures; absent: dbt's defaults. */
  readonly config?: TestRunConfig;
  readonly origin: Origin;
}

export interface ColumnSpec {
  readonly name: string;
  readonly description?: string;
  readonly dataType?: string;
  readonly tests: readonly GenericTestSpec[];
}

export interface ModelSpec {
  readonly name: string;
  readonly layer: Layer;
  /** Project-relative path of the `.sql` file. */
  readonly path: string;
  /** The raw file text, templating not yet rendered. */
  readonly rawSql: string;
  readonly description?: string;
  readonly grain?: string;
  /** Config merged: layer defaults < schema.yml `config:` < `{{ config(...) }}` in the file. */
  readonly schema: string;
  readonly materialized: Materialization;
  readonly tags: readonly string[];
  readonly uniqueKey?: readonly string[];
  readonly incrementalStrategy?: IncrementalStrategy;
  readonly onSchemaChange?: OnSchemaChange;
  /** Templates, rendered with the model's context when compiled. */
  readonly postHook?: readonly PostHookSpec[];
  readonly dist?: string;
  readonly sort?: readonly string[];
  readonly grants?: ModelGrants;
  /** dbt's `contract: {enforced: true}`: the build must have exactly the declared columns and types. */
  readonly contractEnforced?: true;
  readonly columns: readonly ColumnSpec[];
  /** Model-level tests (`tests:` under the model). */
  readonly tests: readonly GenericTestSpec[];
  /** Where the model's YAML entry is, when it has one. */
  readonly origin?: Origin;
  /** A seed's columns and rows (lib/seeds): the model is `sql/seeds/<name>.csv`, not SQL. */
  readonly seed?: SeedData;
}

/** One post_hook statement as written, and where: `sql/facts/schema.yml: models[3].config.post_hook[0]`. */
export interface PostHookSpec {
  readonly sql: string;
  readonly place: string;
}

export interface SourceTableSpec {
  readonly sourceName: string;
  readonly tableName: string;
  readonly schema: string;
  readonly description?: string;
  readonly columns: readonly ColumnSpec[];
  readonly tests: readonly GenericTestSpec[];
  readonly origin: Origin;
  readonly freshness?: SourceFreshness;
}

export interface SingularTestSpec {
  /** File stem, e.g. `assert_one_current_stage_per_deal`. */
  readonly name: string;
  readonly path: string;
  readonly rawSql: string;
  readonly severity: Severity;
  readonly config?: TestRunConfig;
}

export interface ExposureSpec {
  readonly name: string;
  readonly label?: string;
  readonly type: string;
  readonly description?: string;
  readonly owner?: { readonly name?: string; readonly email?: string };
  readonly maturity?: string;
  /** Where the dashboard or report lives (dbt's `url:`). */
  readonly url?: string;
  /** As written: `ref('x')` / `source('crm','y')` strings, resolved by the compiler. */
  readonly dependsOn: readonly string[];
  readonly origin: Origin;
}

/** One row of unit test data: column name (lower case) to value. */
export type UnitTestRow = Readonly<Record<string, UnitTestValue>>;

/** What a unit test gives for one input: rows (`format: dict` or `csv`) or a SELECT (`format: sql`). */
export type UnitTestFixture =
  | { readonly format: 'rows'; readonly rows: readonly UnitTestRow[] }
  | { readonly format: 'sql'; readonly sql: string };

export interface UnitTestInput {
  /** As written: `ref('stg_crm_contacts')`, `source('crm', 'deals')`. */
  readonly input: string;
  readonly reference: NodeReference;
  readonly fixture: UnitTestFixture;
  readonly origin: Origin & { readonly yamlPath: string };
}

/** A dbt 1.8 unit test (`unit_tests:` in a schema.yml). */
export interface UnitTestSpec {
  readonly name: string;
  readonly description?: string;
  /** Name of the model under test. */
  readonly model: string;
  readonly given: readonly UnitTestInput[];
  /** The rows the model must return; their keys are the columns compared. */
  readonly expect: readonly UnitTestRow[];
  /** `overrides.vars`, laid over the project's vars when the model is rendered. */
  readonly vars: Readonly<Record<string, unknown>>;
  /** `overrides.macros.is_incremental: true`: the model is rendered as its increment. @default false */
  readonly isIncremental?: boolean;
  /** `input: this`: the rows of the model's own table, which an increment may read. */
  readonly thisInput?: UnitTestThisInput;
  readonly origin: Origin & { readonly yamlPath: string };
}

export interface UnitTestThisInput {
  readonly fixture: UnitTestFixture;
  readonly origin: Origin & { readonly yamlPath: string };
}

export interface Project {
  /** Absolute path of the project root (the folder that holds `sql/`). */
  readonly root: string;
  readonly config: ProjectConfig;
  readonly models: readonly ModelSpec[];
  readonly sources: readonly SourceTableSpec[];
  readonly singularTests: readonly SingularTestSpec[];
  readonly exposures: readonly ExposureSpec[];
  /** In file order, then as declared; absent when no schema.yml declares any. */
  readonly unitTests?: readonly UnitTestSpec[];
  /** The macros of `sql/macros/`, by name; absent when there are none. */
  readonly macros?: UserMacros;
  /** The generic tests of `sql/tests/generic/`, by name; absent when there are none. */
  readonly genericTests?: UserMacros;
  /** The doc blocks of `sql/**.md`, by name (already substituted into descriptions); absent when there are none. */
  readonly docs?: readonly DocBlock[];
}
