/**
 * `crm-warehouse source freshness`: dbt's command. Checks the selected source tables (`--select
 * source:crm.deals`; all by default) against the end of var run_date, prints dbt's lines, and appends
 * the results to audit.source_freshness. Exit 1 when any table is ERROR STALE or its check failed;
 * a warning does not fail it (as dbt).
 */
import { sourcesArtifact } from '../../artifacts/sources-artifact.ts';
import { SOURCES_JSON_FILE, writeArtifact } from '../../artifacts/write-artifacts.ts';
import { checkSourceFreshness } from '../../freshness/check-source-freshness.ts';
import { freshnessResultLine, freshnessStartLine, freshnessSummaryLines } from '../../freshness/freshness-console.ts';
import { selectNodes } from '../../project/selection.ts';
import type { CliIo } from '../cli-io.ts';
import { compileAt } from '../compile-at.ts';
import { openWarehouse, type CliTarget, type RedshiftOptions } from '../open-warehouse.ts';
import { parseVars } from '../parse-vars.ts';
import { resolvePaths, type PathOptions } from '../project-paths.ts';
import { newRunId } from '../run-id.ts';

export interface SourceFreshnessOptions extends PathOptions, RedshiftOptions {
  readonly target: CliTarget;
  readonly vars?: string;
  readonly select?: string[];
  readonly exclude?: string[];
  readonly debug?: boolean;
}

export async function sourceFreshnessCommand(options: SourceFreshnessOptions, io: CliIo): Promise<number> {
  const paths = resolvePaths(options);
  const { plan } = await compileAt(paths, options.target, parseVars(options.vars));
  const selected = new Set(selectNodes(plan, { select: options.select, exclude: options.exclude }).sources);
  const sources = plan.sources.filter((source) => selected.has(source.id));
  const runId = newRunId();
  const warehouse = await openWarehouse({ ...options, paths }, io);
  try {
    io.out(`Running with crm-warehouse on ${options.target} (${warehouse.location}), run ${runId}`);
    io.out(`Freshness measured at the end of run_date ${String(plan.vars.run_date)}; ${sources.length} source table${sources.length === 1 ? '' : 's'} selected.`);
    io.out('');
    const started = Date.now();
    const check = await checkSourceFreshness(warehouse.engine, sources, {
      runId,
      runDate: plan.vars.run_date,
      onStart: (source, index, total) => io.out(freshnessStartLine(`${source.sourceName}.${source.tableName}`, index, total)),
      onResult: (result, index, total) => io.out(freshnessResultLine(result, index, total)),
    });
    for (const line of freshnessSummaryLines(check, (Date.now() - started) / 1000)) io.out(line);
    await writeArtifact(paths.targetDir, SOURCES_JSON_FILE, sourcesArtifact(check, sources, runId, (Date.now() - started) / 1000, new Date()));
    return check.success ? 0 : 1;
  } finally {
    await warehouse.engine.close();
  }
}
