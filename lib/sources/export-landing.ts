/**
 * Arranges a CRM system's export files into the landing layout (`raw/<table>/ingest_date=D/`), so
 * that the loader reads them as it reads any extract. A file is the object it is named after:
 * Salesforce's Data Export and Bulk API 2.0 write `<Object>.csv` (`Account.csv`, `Product2.csv`,
 * `OpportunityHistory.csv`), HubSpot exports of the CRM API `<object>.csv` (`deals.csv`,
 * `line_items.csv`); a `-<n>` suffix (`Account-2.csv`, a part of a large export) and `.gz` are
 * allowed. Files of objects the warehouse does not read (Lead.csv, Campaign.csv, ...) are passed
 * over and listed. Every file's header is checked against its table's declared columns before
 * anything is written: a file lacking one would be rejected whole by the loader, so it is refused
 * here, naming the file and the columns.
 */
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readCsvHeader } from '../landing/csv-header.ts';
import { dayFolder, isValidDate } from '../landing/landing-layout.ts';
import type { CrmSystem } from '../project/crm-system.ts';
import type { SourceTableSpec } from '../project/project.ts';

export interface ExportLandingRequest {
  readonly system: CrmSystem;
  readonly exportDir: string;
  readonly landingDir: string;
  readonly ingestDate: string;
  /** The system's declared source tables (sql/sources.yml). */
  readonly tables: readonly SourceTableSpec[];
}

export interface LandedExportFile {
  readonly file: string;
  readonly table: string;
  /** Relative to the landing folder. */
  readonly landedAs: string;
}

export interface ExportLandingResult {
  readonly landed: readonly LandedExportFile[];
  /** Export files of objects the warehouse does not read. */
  readonly passedOver: readonly string[];
  /** Declared tables no file was given for (they load empty). */
  readonly missingTables: readonly string[];
}

export class ExportLandingError extends Error {
  override readonly name = 'ExportLandingError';
  constructor(readonly problems: readonly string[]) {
    super(`nothing was landed:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
}

export const EXPORT_FILE = /^(.+?)(?:-\d+)?\.csv(\.gz)?$/i;

export async function landExport(request: ExportLandingRequest): Promise<ExportLandingResult> {
  if (!isValidDate(request.ingestDate)) throw new ExportLandingError([`--ingest-date ${request.ingestDate} is not a YYYY-MM-DD calendar date`]);
  if (request.tables.length === 0) throw new ExportLandingError([`sql/sources.yml declares no source '${request.system}'`]);
  const byObject = new Map(request.tables.map((table) => [objectKey(table.tableName.slice(request.system.length + 1)), table]));
  for (const table of request.tables) byObject.set(objectKey(table.tableName), table);

  let names: string[];
  try {
    names = (await readdir(request.exportDir, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
  } catch (error) {
    throw new ExportLandingError([`${request.exportDir}: cannot read the export folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }

  const problems: string[] = [];
  const planned: { path: string; table: SourceTableSpec }[] = [];
  const passedOver: string[] = [];
  for (const name of names) {
    const match = EXPORT_FILE.exec(name);
    const table = match === null ? undefined : byObject.get(objectKey(match[1] as string));
    if (table === undefined) {
      passedOver.push(name);
      continue;
    }
    const path = join(request.exportDir, name);
    const problem = await headerProblem(path, table);
    if (problem === undefined) planned.push({ path, table });
    else problems.push(`${path}: ${problem}`);
  }
  if (problems.length > 0) throw new ExportLandingError(problems);

  const landed: LandedExportFile[] = [];
  for (const { path, table } of planned) {
    const folder = dayFolder(table.tableName, request.ingestDate);
    await mkdir(join(request.landingDir, folder), { recursive: true });
    const landedAs = `${folder}${basename(path)}`;
    await copyFile(path, join(request.landingDir, landedAs));
    landed.push({ file: path, table: table.tableName, landedAs });
  }
  const given = new Set(planned.map(({ table }) => table.tableName));
  return {
    landed,
    passedOver,
    missingTables: request.tables.map((table) => table.tableName).filter((name) => !given.has(name)),
  };
}

/** `OpportunityHistory`, `opportunity_history` and `Opportunity_History` are one object. */
function objectKey(name: string): string {
  return name.toLowerCase().replace(/_/g, '');
}

async function headerProblem(path: string, table: SourceTableSpec): Promise<string | undefined> {
  let columns: readonly string[];
  try {
    columns = (await readCsvHeader(path)).columns;
  } catch (error) {
    return `cannot read its header (${error instanceof Error ? error.message : String(error)})`;
  }
  if (columns.length === 0) return `no header row: an export of ${table.tableName} starts with its field names`;
  const present = new Set(columns.map((column) => column.toLowerCase()));
  const missing = table.columns.map((column) => column.name).filter((name) => !present.has(name.toLowerCase()));
  if (missing.length === 0) return undefined;
  return `the header lacks field${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${table.tableName} (declared in sql/sources.yml; names match case-insensitively)`;
}
