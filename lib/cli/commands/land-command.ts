import { resolve } from 'node:path';
import { CRM_SYSTEMS, type CrmSystem } from '../../project/crm-system.ts';
import { loadProject } from '../../project/load-project.ts';
import { landExport } from '../../sources/export-landing.ts';
import type { CliIo } from '../cli-io.ts';
import { UsageError } from '../usage-error.ts';

export const EXPORT_FORMATS = CRM_SYSTEMS.map((system) => `${system}-export`);

export interface LandCommandOptions {
  readonly from: string;
  readonly landing: string;
  readonly ingestDate?: string;
  readonly projectDir: string;
}

/** Copies a CRM export folder into the landing layout under one ingest date (default: today, UTC). */
export async function landCommand(exportDir: string, options: LandCommandOptions, io: CliIo): Promise<number> {
  const system = CRM_SYSTEMS.find((name) => `${name}-export` === options.from) as CrmSystem | undefined;
  if (system === undefined) throw new UsageError(`--from takes ${EXPORT_FORMATS.join(' or ')}, got '${options.from}'`);
  const project = await loadProject(options.projectDir);
  const landingDir = resolve(options.projectDir, options.landing);
  const result = await landExport({
    system,
    exportDir: resolve(exportDir),
    landingDir,
    ingestDate: options.ingestDate ?? new Date().toISOString().slice(0, 10),
    tables: project.sources.filter((source) => source.sourceName === system),
  });
  for (const file of result.landed) io.out(`  ${file.landedAs}`);
  io.out(`Landed ${result.landed.length} file${result.landed.length === 1 ? '' : 's'} into ${landingDir}.`);
  if (result.missingTables.length > 0) io.out(`No file for ${result.missingTables.join(', ')} (they load empty).`);
  if (result.passedOver.length > 0) io.out(`Not read by the warehouse: ${result.passedOver.join(', ')}.`);
  if (project.config.vars.crm_source !== system) io.out(`Build it with --vars '{crm_source: ${system}}' (or set crm_source: ${system} in sql/project.yml).`);
  return 0;
}
