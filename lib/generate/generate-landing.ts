/**
 * Writes a sample CRM landing: every raw table of the contract, one change extract per ingest
 * day. Families are generated one after another, entity by entity; between entities the run
 * waits whenever a file's stream is full, so memory does not grow with the scale. The only
 * per-entity state is the contact ranges of accounts (see CrmDirectory).
 */
import { AccountsGenerator } from './accounts-generator.ts';
import { ActivitiesGenerator } from './activities-generator.ts';
import { ContactsGenerator } from './contacts-generator.ts';
import { CrmDirectory } from './crm-directory.ts';
import { DailyFileSet, type RowSink } from './daily-file-set.ts';
import { DealsGenerator } from './deals-generator.ts';
import { DirtInjector } from './dirt-injector.ts';
import type { DirtKind } from './dirt-kinds.ts';
import type { FamilyGenerator, GenerationContext } from './family-generator.ts';
import type { GenerateOptions, GenerateSummary, TableSummary } from './generate-options.ts';
import { IngestCalendar } from './ingest-calendar.ts';
import { validateGenerateOptions } from './options-validation.ts';
import { OrdersGenerator } from './orders-generator.ts';
import { buildProductCatalog } from './product-catalog.ts';
import { ProductsGenerator } from './products-generator.ts';
import { deriveSeed, RandomSource } from './random-source.ts';
import { QUOTABLE_COLUMNS, RAW_TABLE_COLUMNS, type RawTableName } from './raw-tables.ts';
import { TicketsGenerator } from './tickets-generator.ts';
import { buildUserRoster } from './user-roster.ts';
import { UsersGenerator } from './users-generator.ts';
import { planVolumes } from './volume-plan.ts';

interface Family {
  readonly tables: readonly RawTableName[];
  readonly create: (context: GenerationContext, sinks: readonly RowSink[]) => FamilyGenerator;
}

const sink = (sinks: readonly RowSink[], position: number): RowSink => sinks[position] as RowSink;

/** Dimension-like families first, so a partial landing (after an error) still has its referents. */
const FAMILIES: readonly Family[] = [
  { tables: ['users'], create: (context, sinks) => new UsersGenerator(context, sink(sinks, 0)) },
  { tables: ['products'], create: (context, sinks) => new ProductsGenerator(context, sink(sinks, 0)) },
  { tables: ['accounts'], create: (context, sinks) => new AccountsGenerator(context, sink(sinks, 0)) },
  { tables: ['contacts'], create: (context, sinks) => new ContactsGenerator(context, sink(sinks, 0)) },
  {
    tables: ['deals', 'deal_stage_changes'],
    create: (context, sinks) => new DealsGenerator(context, sink(sinks, 0), sink(sinks, 1)),
  },
  { tables: ['activities'], create: (context, sinks) => new ActivitiesGenerator(context, sink(sinks, 0)) },
  { tables: ['tickets'], create: (context, sinks) => new TicketsGenerator(context, sink(sinks, 0)) },
  { tables: ['orders'], create: (context, sinks) => new OrdersGenerator(context, sink(sinks, 0)) },
];

/** The table whose extract fails on the second ingest day when dirt is on. */
const TABLE_MISSING_ON_SECOND_DAY: RawTableName = 'tickets';
const PROGRESS_EVERY_ENTITIES = 50_000;

export async function generateLanding(options: GenerateOptions): Promise<GenerateSummary> {
  const settings = validateGenerateOptions(options);
  const startedAt = performance.now();
  const seed = deriveSeed(0x5eed, settings.seed);
  const calendar = new IngestCalendar(settings.endDate, settings.days);
  const volumes = planVolumes(settings.scale);
  const roster = buildUserRoster(volumes.users, new RandomSource(deriveSeed(seed, 'roster')), calendar);
  const catalog = buildProductCatalog(volumes.products, new RandomSource(deriveSeed(seed, 'catalog')), calendar, seed);
  const directory = new CrmDirectory(calendar, volumes, roster, catalog, seed);
  const dirt = new DirtInjector(settings.dirtyShare, deriveSeed(seed, 'dirt'));
  const context: GenerationContext = { calendar, directory, dirt, seed };
  const notify = options.onProgress ?? (() => undefined);

  const tables: TableSummary[] = [];
  for (const family of FAMILIES) {
    const fileSets: DailyFileSet[] = [];
    for (const table of family.tables) {
      let missingDay = -1;
      if (table === TABLE_MISSING_ON_SECOND_DAY && dirt.enabled && calendar.days >= 2) {
        missingDay = 1;
        dirt.tap('table_missing_for_day').record();
      }
      fileSets.push(
        await DailyFileSet.open(settings.outDir, table, RAW_TABLE_COLUMNS[table], calendar.ingestDates, {
          quotableColumns: QUOTABLE_COLUMNS[table],
          missingDay,
        }),
      );
      notify({ kind: 'table-started', table });
    }
    const generator = family.create(context, fileSets);
    try {
      for (let index = 0; index < generator.entityCount; index += 1) {
        generator.emitEntity(index);
        if (anyMustWait(fileSets)) {
          for (const fileSet of fileSets) await fileSet.waitForDrain();
        }
        if ((index + 1) % PROGRESS_EVERY_ENTITIES === 0) {
          for (const fileSet of fileSets) notify({ kind: 'rows-written', table: fileSet.table as RawTableName, rows: fileSet.rows });
        }
      }
    } finally {
      for (const fileSet of fileSets) await fileSet.close();
    }
    for (const fileSet of fileSets) {
      const table = fileSet.table as RawTableName;
      tables.push({ table, files: fileSet.files, rows: fileSet.rows });
      notify({ kind: 'table-finished', table, files: fileSet.files, rows: fileSet.rows });
    }
  }

  return {
    outDir: settings.outDir,
    ingestDates: calendar.ingestDates,
    tables,
    totalRows: tables.reduce((total, table) => total + table.rows, 0),
    dirt: Object.entries(dirt.counts()).map(([kind, count]) => ({ kind: kind as DirtKind, count })),
    seconds: (performance.now() - startedAt) / 1000,
  };
}

function anyMustWait(fileSets: readonly DailyFileSet[]): boolean {
  for (const fileSet of fileSets) if (fileSet.mustWait) return true;
  return false;
}
