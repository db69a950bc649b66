import { describe, expect, it } from 'vitest';
import { LOAD_COLUMNS } from '../../lib/engines/duckdb/raw-tables.ts';
import { LANDING_LOAD_COLUMNS } from '../../lib/project/landing-load-columns.ts';

describe('LANDING_LOAD_COLUMNS', () => {
  it("are the columns the DuckDB loader adds to every raw table, with the loader's types", () => {
    expect(LANDING_LOAD_COLUMNS).toEqual(LOAD_COLUMNS);
  });
});
