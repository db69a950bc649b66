/**
 * raw.deals (deal_id, version, amount and the load columns) and audit.loaded_files as the loader
 * leaves them, for the runner's incremental tests on every engine.
 */
import type { Engine } from '../../lib/engines/engine.ts';
import { loadedFilesTableStatements, LOADED_FILES_TABLE } from '../../lib/landing/loaded-files.ts';

export async function createRawDeals(engine: Engine): Promise<void> {
  await engine.execute('create schema if not exists raw');
  await engine.execute('create table raw.deals (deal_id integer, version integer, amount integer, _ingest_date date, _loaded_at timestamp)');
  for (const statement of loadedFilesTableStatements()) await engine.execute(statement);
}

export interface Landing {
  /** @default `<day> 03:00:00` */
  readonly loadedAt?: string;
  /** The day was landed before: its rows are replaced, as the loader does. @default false */
  readonly replace?: boolean;
}

/** `rows` (deal_id, version, amount) landed on `day`, and the day's loaded_files row. */
export async function landDeals(engine: Engine, day: string, rows: readonly (readonly [number, number, number | null])[], landing: Landing = {}): Promise<void> {
  const loadedAt = landing.loadedAt ?? `${day} 03:00:00`;
  if (landing.replace === true) await engine.execute(`delete from raw.deals where _ingest_date = cast('${day}' as date)`);
  const values = rows.map(([id, version, amount]) => `(${id}, ${version}, ${amount ?? 'null'}, cast('${day}' as date), cast('${loadedAt}' as timestamp))`).join(', ');
  await engine.transaction([
    `insert into raw.deals (deal_id, version, amount, _ingest_date, _loaded_at) values ${values}`,
    `delete from ${LOADED_FILES_TABLE} where table_name = 'deals' and ingest_date = cast('${day}' as date)`,
    `insert into ${LOADED_FILES_TABLE} values ('deals', cast('${day}' as date), 'deals/${day}/deals.csv', 1, 1, 'load', cast('${loadedAt}' as timestamp))`,
  ]);
}
