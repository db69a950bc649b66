/** The engines a dashboard's SQL must run on unchanged, as the docs site is written from any target's warehouse. */
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';

export const DASHBOARD_ENGINES: readonly (readonly [string, () => Promise<Engine>])[] = [
  ['DuckDB', () => DuckDbEngine.open({ path: ':memory:' })],
  ['Postgres (PGlite)', () => PgliteEngine.open()],
];
