/**
 * The columns the raw loader adds to every loaded table (DESIGN.md, "Raw landing contract"), which
 * sources.yml does not list because no producer sends them. Staging models read them to pick the
 * latest version of each id, so a unit test that gives rows for a source gets them too (null unless
 * given). The compiler knows nothing about engines, so they are restated here; a test checks them
 * against the DuckDB loader's own list.
 */
import type { PlanColumn } from '../plan/plan.ts';

export const LANDING_LOAD_COLUMNS: readonly PlanColumn[] = [
  { name: '_ingest_date', dataType: 'date' },
  { name: '_source_file', dataType: 'varchar' },
  { name: '_loaded_at', dataType: 'timestamp' },
];
