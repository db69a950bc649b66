/**
 * A dashboard as code: which exposure it draws and how its content is read from the marts. One
 * definition per exposure in lib/dashboards/dashboards/, listed in dashboard-registry.ts.
 */
import type { Engine } from '../engines/engine.ts';
import type { DashboardContent } from './dashboard-model.ts';
import type { ExposureMarts } from './exposure-marts.ts';

export interface DashboardContext {
  readonly engine: Engine;
  /** The marts the exposure depends on, as SQL relations; no other relation may be read. */
  readonly marts: ExposureMarts;
  /** The business date of the run (var run_date), `YYYY-MM-DD`. */
  readonly runDate: string;
  /** The vars the project was compiled with (windows and thresholds the marts used, e.g. forecast_weeks_ahead). */
  readonly vars: Readonly<Record<string, unknown>>;
}

export interface DashboardDefinition {
  /** The exposure's name in sql/exposures.yml; also the page's file name. */
  readonly exposure: string;
  /** Short name in the dashboards' navigation bar. */
  readonly navLabel: string;
  build(context: DashboardContext): Promise<DashboardContent>;
}
