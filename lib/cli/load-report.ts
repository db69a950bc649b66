import type { LoadProgress, LoadSummary } from '../landing/load-summary.ts';

const count = new Intl.NumberFormat('en-US');

/** One line per landing file as its day is committed: the progress of a long load. */
export function loadProgressLine(event: LoadProgress): string {
  const width = String(event.filesTotal).length;
  const position = `[${String(event.filesDone).padStart(width)}/${event.filesTotal}]`;
  if (event.skipped) return `${position} raw.${event.table} ${event.ingestDate} unchanged, kept`;
  const rejected = event.rowsRejected > 0 ? `, ${count.format(event.rowsRejected)} rejected` : '';
  return `${position} raw.${event.table} ${event.ingestDate} ${event.file}: ${count.format(event.rowsLoaded)} rows${rejected}`;
}

/** The closing lines of a load: totals, and where rejected rows went. */
export function loadSummaryLines(summary: LoadSummary): string[] {
  const { totals } = summary;
  const lines = [
    `Loaded ${count.format(totals.rowsLoaded)} rows from ${totals.files} files (${totals.daysLoaded} table-days loaded, ` +
      `${totals.daysSkipped} unchanged) in ${summary.seconds.toFixed(2)}s.`,
  ];
  if (totals.rowsRejected > 0) {
    lines.push(
      `${count.format(totals.rowsRejected)} rows could not be parsed and were quarantined: ` +
        `select * from audit.load_errors where run_id = '${summary.runId}'`,
    );
  }
  return lines;
}
