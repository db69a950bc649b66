/**
 * Running a dashboard's SQL: KPI tiles (one row each, a `value` column) and panel datasets. Every
 * failure names the dashboard part whose SQL failed, since the SQL is built from templates here and
 * not in a file a user can open.
 */
import type { Engine, Row } from '../../engines/engine.ts';
import type { KpiDefinition, KpiTile } from '../dashboard-model.ts';

export async function queryKpis(engine: Engine, definitions: readonly KpiDefinition[]): Promise<KpiTile[]> {
  return Promise.all(
    definitions.map(async (definition) => {
      const rows = await queryRows(engine, definition.sql, `KPI tile '${definition.label}'`);
      const [row] = rows;
      if (rows.length !== 1 || row === undefined || !('value' in row)) {
        throw new Error(`KPI tile '${definition.label}': its SQL must return one row with a 'value' column, got ${rows.length} rows\n${definition.sql}`);
      }
      return { ...definition, value: tileValue(row.value), ...(definition.detail ? { detailValue: tileValue(row.detail ?? null) } : {}) };
    }),
  );
}

export async function queryRows(engine: Engine, sql: string, what: string): Promise<Row[]> {
  try {
    return await engine.query(sql);
  } catch (error) {
    throw new Error(`${what}: ${(error as Error).message}\n${sql}`, { cause: error });
  }
}

function tileValue(value: Row[string] | undefined): number | string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'boolean' ? String(value) : value;
}
