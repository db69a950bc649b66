/** One dialect problem, placed in the project file a person edits (docs/architecture.md, "Portable SQL"). */
export interface LintFinding {
  /** Project-relative: the model or singular test `.sql`, or the `schema.yml` / `sources.yml` declaring a generic test. */
  readonly path: string;
  /** 1-based line in `path`. */
  readonly line: number;
  /** 1-based column, only when the compiled line is the source line unchanged (no templating on it). */
  readonly column?: number;
  /** The plan node whose compiled SQL holds the construct: `model.crm.fact_deals`, `test.crm.unique_…`. */
  readonly node: string;
  /** `redshift/no-filter-clause`, `portable/no-clock`, … */
  readonly rule: string;
  /** The construct as written or recognised: `FILTER (WHERE …)`, `raw.accounts`, `::int`. */
  readonly construct: string;
  readonly message: string;
}
