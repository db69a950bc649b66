/**
 * Generates a list of families in this process: for each, opens its tables' daily files, emits
 * its entities one by one, and waits between entities whenever a file's stream is full, so
 * memory does not grow with the scale.
 */
import { AccountsGenerator } from './accounts-generator.ts';
import { ActivitiesGenerator } from './activities-generator.ts';
import { ContactsGenerator } from './contacts-generator.ts';
import { DailyFileSet, type RowSink } from './daily-file-set.ts';
import { DealsGenerator } from './deals-generator.ts';
import type { DirtKind } from './dirt-kinds.ts';
import type { FamilyGenerator, GenerationContext } from './family-generator.ts';
import type { GenerateProgressEvent, TableSummary } from './generate-options.ts';
import { buildGenerationContext } from './generation-context.ts';
import type { ValidatedOptions } from './options-validation.ts';
import { OrdersGenerator } from './orders-generator.ts';
import { ProductsGenerator } from './products-generator.ts';
import { QUOTABLE_COLUMNS, RAW_TABLE_COLUMNS, type RawTableName } from './raw-tables.ts';
import { TicketsGenerator } from './tickets-generator.ts';
import { UsersGenerator } from './users-generator.ts';

export type FamilyName = 'users' | 'products' | 'accounts' | 'contacts' | 'deals' | 'activities' | 'tickets' | 'orders';

interface Family {
  readonly tables: readonly RawTableName[];
  readonly create: (context: GenerationContext, sinks: readonly RowSink[]) => FamilyGenerator;
}

const sink = (sinks: readonly RowSink[], position: number): RowSink => sinks[position] as RowSink;

const FAMILIES: Readonly<Record<FamilyName, Family>> = {
  users: { tables: ['users'], create: (context, sinks) => new UsersGenerator(context, sink(sinks, 0)) },
  products: { tables: ['products'], create: (context, sinks) => new ProductsGenerator(context, sink(sinks, 0)) },
  accounts: { tables: ['accounts'], create: (context, sinks) => new AccountsGenerator(context, sink(sinks, 0)) },
  contacts: { tables: ['contacts'], create: (context, sinks) => new ContactsGenerator(context, sink(sinks, 0)) },
  deals: {
    tables: ['deals', 'deal_stage_changes'],
    create: (context, sinks) => new DealsGenerator(context, sink(sinks, 0), sink(sinks, 1)),
  },
  activities: { tables: ['activities'], create: (context, sinks) => new ActivitiesGenerator(context, sink(sinks, 0)) },
  tickets: { tables: ['tickets'], create: (context, sinks) => new TicketsGenerator(context, sink(sinks, 0)) },
  orders: { tables: ['orders'], create: (context, sinks) => new OrdersGenerator(context, sink(sinks, 0)) },
};

export const FAMILY_NAMES = Object.keys(FAMILIES) as FamilyName[];

export function tablesOf(family: FamilyName): readonly RawTableName[] {
  return FAMILIES[family].tables;
}

/** The table whose extract fails on the second ingest day when dirt is on. */
const TABLE_MISSING_ON_SECOND_DAY: RawTableName = 'tickets';
const PROGRESS_EVERY_ENTITIES = 50_000;

export interface FamiliesResult {
  readonly tables: readonly TableSummary[];
  /** Counts of the dirt kinds these families plant (other kinds read 0). */
  readonly dirt: Readonly<Record<DirtKind, number>>;
}

export async function runFamilies(
  settings: ValidatedOptions,
  families: readonly FamilyName[],
  notify: (event: GenerateProgressEvent) => void,
): Promise<FamiliesResult> {
  const context = buildGenerationContext(settings);
  const { calendar, dirt } = context;
  const tables: TableSummary[] = [];
  for (const name of families) {
    const family = FAMILIES[name];
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
  return { tables, dirt: dirt.counts() };
}

function anyMustWait(fileSets: readonly DailyFileSet[]): boolean {
  for (const fileSet of fileSets) if (fileSet.mustWait) return true;
  return false;
}
