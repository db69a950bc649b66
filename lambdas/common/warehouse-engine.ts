/**
 * The Redshift engine for the steps that run library code taking an Engine (SourceFreshness,
 * Scoring), on the handlers' shared Data API client: its statements belong to this function's role
 * like every other step's, and the engine does its own bounded retries (the client makes none).
 */
import { RedshiftDataEngine } from '../../lib/engines/redshift-data/redshift-data-engine.ts';
import { redshiftData } from './clients.ts';
import { dataApiTarget } from './step-environment.ts';

export function warehouseEngine(): RedshiftDataEngine {
  const { workgroupName, database } = dataApiTarget();
  return new RedshiftDataEngine({ client: redshiftData, workgroupName, database });
}
