/**
 * The plan: the one artifact the compiler produces and every runner executes
 * (the local CLI on DuckDB, the Lambda steps on Redshift). Written to
 * `target/manifest.json`. Everything a runner needs is in here, already compiled
 * for one target engine; runners never read `sql/` themselves.
 */

export const PLAN_VERSION = 1;

export type TargetName = 'duckdb' | 'postgres' | 'redshift';

/** A layer's name: a `models:` key of `sql/project.yml` and the folder `sql/<layer>/` of its models. */
export type Layer = string;

/** A layer as the plan carries it: the pipeline builds the layers one after another, in plan order. */
export interface PlanLayer {
  readonly name: Layer;
  /** The layer's schema on this target (a model's `config` may not move it elsewhere). */
  readonly schema: string;
}

export type Materialization = 'view' | 'table' | 'incremental';

export type Severity = 'error' | 'warn';

/** A relation in the warehouse: always lower-case, unquoted `schema.name`. */
export interface Relation {
  readonly schema: string;
  readonly name: string;
}

export interface PlanColumn {
  readonly name: string;
  readonly description?: string;
  /** Declared type (sources: the landing contract type, e.g. `timestamp`, `decimal(18,2)`). */
  readonly dataType?: string;
}

/** One raw table of a source (`sources.yml`), loaded from the landing folder. */
export interface PlanSource {
  /** `source.crm.accounts` */
  readonly id: string;
  readonly sourceName: string;
  readonly tableName: string;
  readonly relation: Relation;
  readonly description?: string;
  /** The landing contract columns in order, each with its `dataType`. */
  readonly columns: readonly PlanColumn[];
  /** dbt's source freshness (`loaded_at_field` and `freshness:`, the table's overriding the source's); absent: not checked. */
  readonly freshness?: SourceFreshness;
}

export const FRESHNESS_PERIODS = ['minute', 'hour', 'day'] as const;
export type FreshnessPeriod = (typeof FRESHNESS_PERIODS)[number];

/** dbt's `warn_after` / `error_after`: stale when older than `count` periods. */
export interface FreshnessThreshold {
  readonly count: number;
  readonly period: FreshnessPeriod;
}

export interface SourceFreshness {
  /** The column whose newest value says how fresh the table is. */
  readonly loadedAtField: string;
  readonly warnAfter?: FreshnessThreshold;
  readonly errorAfter?: FreshnessThreshold;
}

export type IncrementalStrategy = 'delete+insert' | 'merge' | 'append';
export type OnSchemaChange = 'fail' | 'ignore' | 'append_new_columns' | 'sync_all_columns';

export interface ModelConfig {
  readonly materialized: Materialization;
  readonly tags: readonly string[];
  /** Incremental models: the key that an increment replaces (delete+insert) or matches (merge). */
  readonly uniqueKey?: readonly string[];
  /** Incremental models: how an increment enters the table (dbt's names). @default 'delete+insert' */
  readonly incrementalStrategy?: IncrementalStrategy;
  /** Incremental models: what an increment whose columns differ from the table's does. @default 'fail' */
  readonly onSchemaChange?: OnSchemaChange;
  /**
   * dbt's `post_hook`: statements run after the model's rows are in the relation being built (a full
   * table or the merged copy of an incremental one), before its tests. Compiled; `{{ this }}` is
   * rendered as the published relation and read as the relation being built when run.
   */
  readonly postHook?: readonly string[];
  /** Redshift physical design; ignored by other engines. */
  readonly dist?: string;
  readonly sort?: readonly string[];
  /** dbt's `grants:`: who may select from the published relation; re-granted on every publish. */
  readonly grants?: ModelGrants;
  /** dbt's `contract:`: when enforced, the staged build must have exactly the declared columns and types to be published. */
  readonly contract?: { readonly enforced: true };
}

/** Grantees are user names, `role:<name>` or `group:<name>` (dbt-redshift's spelling). */
export interface ModelGrants {
  readonly select: readonly string[];
}

export interface PlanModel {
  /** `model.crm.fact_deals`; a seed's is `seed.crm.<name>` */
  readonly id: string;
  readonly name: string;
  /** A seed (`sql/seeds/<name>.csv`, lib/seeds): a table whose rows its post_hook inserts; absent for a model. */
  readonly resourceType?: 'seed';
  /** Project-relative path of the `.sql` file, e.g. `sql/facts/fact_deals.sql`. */
  readonly path: string;
  readonly layer: Layer;
  readonly relation: Relation;
  readonly description?: string;
  /** Business grain, from `meta.grain` (e.g. "one row per deal"). */
  readonly grain?: string;
  readonly config: ModelConfig;
  readonly columns: readonly PlanColumn[];
  readonly dependsOn: { readonly models: readonly string[]; readonly sources: readonly string[] };
  /** The compiled SELECT for a full build (is_incremental() rendered false). */
  readonly sql: string;
  /** Incremental models only: the compiled SELECT with is_incremental() rendered true. */
  readonly incrementalSql?: string;
  /**
   * Incremental models only: sha256 of what shapes its rows, compiled as for any run date (the
   * model's SQL, increment, unique_key, strategy and post_hook, and the same of every model it reads;
   * lib/project/logic-fingerprint.ts). A build whose fingerprint differs from the last one recorded
   * is a full build (lib/publish/incremental-state.ts).
   */
  readonly logicFingerprint?: string;
  /** sha256 of the model's source file. */
  readonly checksum: string;
}

/** dbt's `warn_if` / `error_if`: a comparison of a test's failure count, e.g. `>10` is `{ operator: '>', value: 10 }`. */
export interface FailureCondition {
  readonly operator: '>' | '>=' | '<' | '<=' | '=' | '!=';
  readonly value: number;
}

export interface PlanTest {
  /** `test.crm.not_null_fact_deals_deal_id` (generic) or `test.crm.assert_x` (singular). */
  readonly id: string;
  readonly name: string;
  readonly kind: 'generic' | 'singular';
  /** Generic tests: `unique`, `not_null`, ...; singular tests: the file stem. */
  readonly testName: string;
  readonly severity: Severity;
  /** The model (or source) whose build this test audits. */
  readonly attachedTo: string;
  readonly column?: string;
  /** Every model and source the test reads. */
  readonly dependsOn: { readonly models: readonly string[]; readonly sources: readonly string[] };
  /** Project-relative file the test was declared in, and its YAML path for generic tests. */
  readonly path: string;
  readonly yamlPath?: string;
  /** A query returning the failing rows, against the published relations. */
  readonly sql: string;
  /**
   * The same query with `attachedTo` read from its write-audit-publish staging relation
   * (`auditRelation(relation)`), used before publishing. Absent for source tests.
   */
  readonly auditSql?: string;
  /** dbt's `warn_if`; absent: `!=0`. */
  readonly warnIf?: FailureCondition;
  /** dbt's `error_if` (error-severity tests only); absent: `!=0`. */
  readonly errorIf?: FailureCondition;
  /** dbt's `limit`: at most this many failing rows are counted and stored. */
  readonly limit?: number;
  /** dbt's `store_failures`: each run replaces this table with the failing rows (none: an empty table). */
  readonly storeFailuresIn?: Relation;
  /** Built-in tests of single rows or of the whole relation (not_null, accepted_values, ...): their count as one aggregate. */
  readonly failureAggregate?: FailureAggregate;
  /**
   * Tests of one incremental model that judge each row, or each group of rows, alone: the same test
   * over only what an increment merged in place changed (lib/project/increment-audit.ts).
   */
  readonly incrementAudit?: IncrementAudit;
  /**
   * The same kind of test of one landed raw table: the same test over only the rows loaded after its
   * last verdict (lib/project/increment-audit.ts).
   */
  readonly landedAudit?: IncrementAudit;
}

/** A test's query, and its failure aggregate's rows if it has one, over what an increment changed. */
export interface IncrementAudit {
  readonly sql: string;
  readonly aggregateFrom?: string;
}

/**
 * A test's failures counted by one aggregate over the rows it reads, so that the runner counts every
 * such test of one relation in a single scan (lib/project/test-failure-aggregates.ts).
 */
export interface FailureAggregate {
  /** The rows the test reads, as its query's FROM: the relation, narrowed by the test's `where`. */
  readonly from: string;
  /** The same, reading the attached model's write-audit-publish relation (as `auditSql` does). Absent for source tests. */
  readonly auditFrom?: string;
  /** An aggregate over those rows. */
  readonly expression: string;
  /**
   * `count`: the expression is the number of rows the test's query returns (before its `limit`);
   * `screen`: it is 0 exactly when the query returns none, and otherwise only the query can count them.
   */
  readonly kind: 'count' | 'screen';
}

/** A value of a unit test's expected row, as YAML gives it (dates and timestamps as text). */
export type UnitTestValue = string | number | boolean | null;

/**
 * A dbt-style unit test (`unit_tests:` in a schema.yml): the model's SELECT run on rows given in
 * the test instead of the warehouse, its output compared with the expected rows.
 */
export interface PlanUnitTest {
  /** `unit_test.crm.dim_contacts_seniority_from_job_titles` */
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** The model under test, `model.crm.dim_contacts`. */
  readonly model: string;
  /** Ids of the models and sources whose rows the test gives (every one the model reads). */
  readonly given: readonly string[];
  /** The schema.yml that declares the test, and the test's YAML path in it. */
  readonly path: string;
  readonly yamlPath: string;
  /** The model's SELECT with each input replaced by its given rows: it reads nothing in the warehouse. */
  readonly sql: string;
  /**
   * What the SELECT must return, in any order: only `columns` are compared; every row has a
   * value (possibly null) for each of them.
   */
  readonly expected: {
    readonly columns: readonly string[];
    readonly rows: readonly Readonly<Record<string, UnitTestValue>>[];
  };
}

export interface PlanExposure {
  readonly id: string;
  readonly name: string;
  readonly label?: string;
  readonly type: string;
  readonly description?: string;
  readonly owner?: { readonly name?: string; readonly email?: string };
  readonly maturity?: string;
  /** Where the dashboard or report lives (dbt's `url:`). */
  readonly url?: string;
  readonly dependsOn: { readonly models: readonly string[]; readonly sources: readonly string[] };
}

export interface Plan {
  readonly planVersion: typeof PLAN_VERSION;
  readonly project: string;
  readonly target: TargetName;
  /** The vars the SQL was compiled with (project defaults overlaid with the caller's). */
  readonly vars: Readonly<Record<string, unknown>>;
  /** The layers in build order (`sql/project.yml`'s `models:` keys); a model reads only models of its own or earlier layers. */
  readonly layers: readonly PlanLayer[];
  readonly sources: readonly PlanSource[];
  /** Models in a deterministic topological order (dependencies first, then by name). */
  readonly models: readonly PlanModel[];
  readonly tests: readonly PlanTest[];
  readonly exposures: readonly PlanExposure[];
  /** Unit tests, by model in `models` order, then as declared; absent when the project has none. */
  readonly unitTests?: readonly PlanUnitTest[];
  /** Doc blocks by name, already substituted into the descriptions that use them; absent when the project has none. */
  readonly docs?: readonly PlanDoc[];
}

/** A `{% docs name %}` block of a `sql/**.md` file (dbt's doc resource). */
export interface PlanDoc {
  /** `doc.<project>.<name>`, dbt's unique id. */
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly contents: string;
}

/** The write-audit-publish staging relation of a relation: same schema, `__wap` suffix. */
export function auditRelation(relation: Relation): Relation {
  return { schema: relation.schema, name: `${relation.name}__wap` };
}

/** Where an increment is built before it is merged into the published table or its staged copy. */
export function incrementRelation(model: PlanModel): Relation {
  return { schema: model.relation.schema, name: `${model.relation.name}__inc` };
}

export function qualified(relation: Relation): string {
  return `${relation.schema}.${relation.name}`;
}

/**
 * How compiled SQL names a relation on a target. Redshift reserves `RAW` (our raw schema), so every
 * relation is quoted there; elsewhere the plain form stays readable in target/compiled/.
 */
export function relationText(relation: Relation, target: TargetName): string {
  return target === 'redshift' ? `"${relation.schema}"."${relation.name}"` : qualified(relation);
}
