/**
 * Loads the S3 landing area into the `raw` schema on Redshift with COPY, through the one load
 * orchestration (lib/landing/load-orchestration.ts), so it reports, budgets and skips unchanged
 * days as the DuckDB loader does. Redshift's part: the raw tables, and each changed day of a
 * table replaced atomically (day-copy.ts), days oldest first.
 *
 * A day is unchanged when its objects (key, size, LastModified: every overwrite of an S3 object
 * changes LastModified) are the ones recorded in audit.loaded_files at its last load; a listing
 * without sizes and times (a test's literal) never skips.
 */
import { redshiftString } from '../../sql/literals.ts';
import { setUpLanding } from '../../landing/landing-setup.ts';
import { recordedDaysFrom, recordedDaysQuery } from '../../landing/loaded-files.ts';
import { runLoad } from '../../landing/load-orchestration.ts';
import type { DayOutcome, LandingEngine } from '../../landing/load-orchestration.ts';
import type { LoadRequest } from '../../landing/load-options.ts';
import type { LoadSummary } from '../../landing/load-summary.ts';
import { copyDay } from './day-copy.ts';
import { landingDaysByTable, objectStamp, parseLandingUri } from './landing-listing.ts';
import type { LandingDayListing, LandingFileToLoad, LandingLocation } from './landing-listing.ts';
import { ensureRawTable } from './raw-tables.ts';
import type { RedshiftDataEngine } from './redshift-data-engine.ts';
import { quoteIdentifier } from './redshift-identifiers.ts';

export interface CopyLoadOptions extends LoadRequest {
  /** `s3://bucket/prefix`: files are under `<landingUri>/raw/<table>/ingest_date=YYYY-MM-DD/`. */
  readonly landingUri: string;
  /** Which objects each (table, day) folder holds; the CLI lists S3, tests pass a literal. */
  readonly listDays: () => Promise<readonly LandingDayListing[]>;
  /** The role COPY reads S3 with: `default` (the namespace's default IAM role) or a role ARN. @default 'default' */
  readonly iamRole?: string;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/;

export async function loadLanding(engine: RedshiftDataEngine, options: CopyLoadOptions): Promise<LoadSummary> {
  const iamRole = options.iamRole ?? 'default';
  if (iamRole !== 'default' && !ROLE_ARN.test(iamRole)) {
    throw new Error(`iamRole must be 'default' or an IAM role ARN (arn:aws:iam::123456789012:role/name), got '${iamRole}'`);
  }
  const location = parseLandingUri(options.landingUri);
  const tables = options.sources.map((source) => source.tableName);
  return runLoad(redshiftLanding(engine, location, iamRole), options, async () => landingDaysByTable(await options.listDays(), tables, options.ingestDates));
}

function redshiftLanding(engine: RedshiftDataEngine, location: LandingLocation, iamRole: string): LandingEngine<LandingFileToLoad> {
  return {
    concurrency: engine.concurrency,
    setUp(sources) {
      const schemas = [...new Set(sources.map((source) => source.relation.schema))].map((schema) => `create schema if not exists ${quoteIdentifier(schema)}`);
      return setUpLanding(sources, { run: (statements) => engine.executeAll([...statements]), ensureRawTable: (source) => ensureRawTable(engine, source) }, schemas);
    },
    withTableLoader: (work) =>
      work({
        recordedDays: async (table) => recordedDaysFrom(await engine.query(recordedDaysQuery(table, redshiftString))),
        async loadDays(source, days, run) {
          const loaded: DayOutcome[] = [];
          for (const day of days) {
            // Another table broke the budget: start no further day.
            if (run.stopped()) break;
            try {
              const outcome = await copyDay(engine, source, day, { runId: run.runId, loadedAt: run.loadedAt, iamRole, location }, run.budget);
              loaded.push({ ingestDate: day.ingestDate, ...outcome });
            } catch (failure) {
              return { loaded, failure };
            }
          }
          return { loaded };
        },
      }),
    describe: (file) => {
      const stamp = objectStamp(file);
      return { path: file.path, sizeBytes: file.sizeBytes ?? 0, ...(stamp === undefined ? {} : { stamp }) };
    },
  };
}
