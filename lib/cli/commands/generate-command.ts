import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { generateLanding } from '../../generate/generate-landing.ts';
import { MIN_CHAIN_DAYS, type ChainEvent, type ChainManifest } from '../../generate/chain-scenario.ts';
import { generateIncrementalChain } from '../../generate/incremental-chain.ts';
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
  /** `incremental-chain`: a landing split into the files each day lands, with the chain's events. */
  readonly scenario?: string;
}

export const SCENARIOS = ['incremental-chain'] as const;

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
  if (options.scenario !== undefined) {
    if (!(SCENARIOS as readonly string[]).includes(options.scenario)) throw new UsageError(`--scenario takes ${SCENARIOS.join(', ')}, got '${options.scenario}'`);
    if (format !== undefined) throw new UsageError('--scenario writes the generic landing contract; leave out --format');
    if (options.out === DEFAULT_OUT) {
      throw new UsageError(`--scenario ${options.scenario} writes one folder per day, not a landing: pass --out <chain folder>, e.g. --out data/chain`);
    }
    return chainCommand(options, outDir, shown, endDate, io);
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

/** The landing folder `generate` writes when --out is not given (program.ts). */
const DEFAULT_OUT = 'data/landing';

async function chainCommand(options: GenerateCommandOptions, outDir: string, shown: string, endDate: string, io: CliIo): Promise<number> {
  if (options.days < MIN_CHAIN_DAYS) throw new UsageError(`--scenario incremental-chain needs --days ${MIN_CHAIN_DAYS} or more, got ${options.days}`);
  io.out(`Generating the incremental chain: scale ${options.scale}, ${options.days} days ending ${endDate}, seed ${options.seed} into ${shown}`);
  const manifest = await generateIncrementalChain({
    outDir,
    scale: options.scale,
    days: options.days,
    seed: options.seed,
    endDate,
    dirtyShare: options.dirtyShare,
  });
  for (const day of manifest.days) {
    io.out(`  ${day.folder}  run_date ${day.runDate}  ${String(day.files.length).padStart(2)} files`);
    for (const event of day.events) io.out(`    ${describeEvent(event)}`);
  }
  io.out(replayHint(manifest, shown));
  return 0;
}

function describeEvent(event: ChainEvent): string {
  switch (event.kind) {
    case 'missing-file':
      return `${event.table}: no file for ${event.ingestDate}; its rows arrive with ${event.rowsArriveOn}`;
    case 'deletion':
      return `${event.table}: ${event.id} deleted (is_deleted version at ${event.updatedAt})`;
    case 'late-reextract':
      return `${event.table}: ${event.id} last changed ${event.lastChangedOn}, a late version (updated_at ${event.updatedAt})`;
    case 'restoration':
      return `${event.table}: ${event.id} deleted at ${event.deletedAt}, extracted live again (updated_at ${event.restoredAt})`;
    case 'stale-reextract':
      return `${event.table}: ${event.id}'s version of ${event.updatedAt} extracted again, after its newer one of ${event.latestUpdatedAt}`;
    case 'late-event':
      return `${event.table}: ${event.id} of ${event.of}, at ${event.at} on ${event.happenedOn}, extracted only now`;
    case 're-landed-day':
      return `${event.table}: ${event.ingestDate} re-landed without a version of ${event.droppedId} and with ${event.changedId} changed`;
  }
}

function replayHint(manifest: ChainManifest, shown: string): string {
  const first = manifest.days[0];
  return [
    'Replay it day by day: copy the day folder over a landing folder, then build with its run date, e.g.',
    `  cp -R ${shown}/${first?.folder}/. data/landing/ && npx crm-warehouse build --vars '{run_date: ${first?.runDate}}'`,
    `(${shown}/chain.json lists every day's files and events).`,
  ].join('\n');
}
