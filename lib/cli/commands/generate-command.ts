import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { generateLanding } from '../../generate/generate-landing.ts';
import { loadProject } from '../../project/load-project.ts';
import { convertLanding } from '../../sources/convert-landing.ts';
import { SYSTEM_FORMATS } from '../../sources/system-formats.ts';
import type { CliIo } from '../cli-io.ts';
import { UsageError } from '../usage-error.ts';

export interface GenerateCommandOptions {
  readonly scale: number;
  readonly days: number;
  readonly seed: number;
  readonly out: string;
  readonly endDate?: string;
  readonly dirtyShare: number;
  readonly ifMissing?: boolean;
  readonly projectDir: string;
  /** `generic` (the crm landing contract) or a CRM system whose export files to write. */
  readonly format?: string;
}

const count = new Intl.NumberFormat('en-US');

/** Writes sample extracts ending at the project's run date, so a default build covers them. */
export async function generateCommand(options: GenerateCommandOptions, io: CliIo): Promise<number> {
  const outDir = resolve(options.projectDir, options.out);
  const shown = relative(process.cwd(), outDir) || '.';
  if (options.ifMissing && existsSync(join(outDir, 'raw')) && readdirSync(join(outDir, 'raw')).length > 0) {
    io.out(`${shown} already holds landing data; keeping it (delete it to generate anew).`);
    return 0;
  }
  if (!(options.dirtyShare >= 0 && options.dirtyShare < 1)) throw new UsageError(`--dirty-share takes a share between 0 and 1, got ${options.dirtyShare}`);
  const endDate = options.endDate ?? String((await loadProject(options.projectDir)).config.vars.run_date);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate)) throw new UsageError(`--end-date takes YYYY-MM-DD, got '${endDate}'`);

  const format = options.format === undefined || options.format === 'generic' ? undefined : SYSTEM_FORMATS[options.format as keyof typeof SYSTEM_FORMATS];
  if (options.format !== undefined && options.format !== 'generic' && format === undefined) {
    throw new UsageError(`--format takes generic or ${Object.keys(SYSTEM_FORMATS).join(', ')}, got '${options.format}'`);
  }
  io.out(`Generating scale ${options.scale}, ${options.days} days ending ${endDate}, seed ${options.seed} into ${shown}`);
  // A system's files are the generic landing rewritten, so both formats hold the same CRM.
  const genericDir = format === undefined ? outDir : await mkdtemp(join(tmpdir(), 'crm-generate-'));
  const summary = await generateLanding({
    outDir: genericDir,
    scale: options.scale,
    days: options.days,
    seed: options.seed,
    endDate,
    dirtyShare: options.dirtyShare,
  });
  for (const table of summary.tables) {
    io.out(`  raw/${table.table.padEnd(20)} ${String(table.files).padStart(3)} files ${count.format(table.rows).padStart(12)} rows`);
  }
  const dirt = summary.dirt.filter((kind) => kind.count > 0);
  if (dirt.length > 0) {
    io.out('Deliberate dirt (tests should flag these as warnings; unparseable rows land in audit.load_errors):');
    const width = Math.max(...dirt.map((kind) => kind.kind.length));
    for (const kind of dirt) io.out(`  ${kind.kind.padEnd(width)} ${count.format(kind.count).padStart(7)}`);
  }
  io.out(`Wrote ${count.format(summary.totalRows)} rows in ${summary.seconds.toFixed(1)}s.`);
  if (format !== undefined) {
    try {
      const converted = await convertLanding(genericDir, outDir, format);
      io.out(`Wrote them as ${format.system} export files: ${count.format(converted.records)} records in ${converted.files} files under ${shown}/raw/${format.system}_*.`);
      io.out(`Build them with --vars '{crm_source: ${format.system}}' (or set crm_source: ${format.system} in sql/project.yml).`);
    } finally {
      await rm(genericDir, { recursive: true, force: true });
    }
  }
  return 0;
}
