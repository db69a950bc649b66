/**
 * `dbt source freshness` on any engine: for each given source table with freshness settings, ask for
 * its newest loaded_at value, judge it against the end of the run date, and append one row per table
 * to audit.source_freshness. Engine-neutral (it only needs an Engine), so the CLI and a pipeline step
 * call the same function. Tables without freshness are skipped, as dbt skips them.
 */
import { sourceFreshnessTableStatements } from '../audit/audit-tables.ts';
import type { Engine } from '../engines/engine.ts';
import type { PlanSource, SourceFreshness } from '../plan/plan.ts';
import { freshnessInstant } from './freshness-instant.ts';
import { freshnessQuery, parseLoadedAt } from './freshness-query.ts';
import { freshnessInsert, type FreshnessResult } from './freshness-records.ts';
import { describeThreshold, freshnessVerdict } from './freshness-status.ts';

export interface FreshnessCheckOptions {
  readonly runId: string;
  /** var run_date: ages are measured at its end (freshness-instant.ts). */
  readonly runDate: unknown;
  /** Called as each table's check starts and finishes, for progress lines. */
  readonly onStart?: (source: PlanSource, index: number, total: number) => void;
  readonly onResult?: (result: FreshnessResult, index: number, total: number) => void;
}

export interface FreshnessCheck {
  /** In the order the sources were given. */
  readonly results: readonly FreshnessResult[];
  /** Source ids given without freshness settings. */
  readonly skipped: readonly string[];
  /** dbt's rule: an error (stale past error_after, no data, or a failed query) fails the check; a warning does not. */
  readonly success: boolean;
}

type CheckedSource = PlanSource & { readonly freshness: SourceFreshness };

export async function checkSourceFreshness(engine: Engine, sources: readonly PlanSource[], options: FreshnessCheckOptions): Promise<FreshnessCheck> {
  const snapshottedAt = freshnessInstant(options.runDate);
  const checked = sources.filter((source): source is CheckedSource => source.freshness !== undefined);
  const results: FreshnessResult[] = [];
  for (const [position, source] of checked.entries()) {
    options.onStart?.(source, position + 1, checked.length);
    const result = await checkOne(engine, source, snapshottedAt);
    results.push(result);
    options.onResult?.(result, position + 1, checked.length);
  }
  if (results.length > 0) await engine.transaction([...sourceFreshnessTableStatements(), freshnessInsert(options.runId, results, engine.target)]);
  return {
    results,
    skipped: sources.filter((source) => source.freshness === undefined).map((source) => source.id),
    success: results.every((result) => result.status === 'pass' || result.status === 'warn'),
  };
}

async function checkOne(engine: Engine, source: CheckedSource, snapshottedAt: Date): Promise<FreshnessResult> {
  const { freshness } = source;
  const started = Date.now();
  const common = {
    sourceId: source.id,
    name: `${source.sourceName}.${source.tableName}`,
    loadedAtField: freshness.loadedAtField,
    snapshottedAt,
    ...(freshness.warnAfter === undefined ? {} : { warnAfter: describeThreshold(freshness.warnAfter) }),
    ...(freshness.errorAfter === undefined ? {} : { errorAfter: describeThreshold(freshness.errorAfter) }),
  };
  try {
    const [row] = await engine.query(freshnessQuery(source, freshness, engine.target));
    const maxLoadedAt = parseLoadedAt(row?.max_loaded_at);
    const verdict = freshnessVerdict(freshness, maxLoadedAt, snapshottedAt);
    return { ...common, ...verdict, maxLoadedAt, seconds: (Date.now() - started) / 1000, checkedAt: new Date() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...common, maxLoadedAt: null, ageSeconds: null, status: 'runtime error', message, seconds: (Date.now() - started) / 1000, checkedAt: new Date() };
  }
}
