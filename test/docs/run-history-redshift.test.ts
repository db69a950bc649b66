import { describe, expect, it } from 'vitest';
import { readRunHistory } from '../../lib/docs/run-history.ts';
import { useEndpointEngine } from '../engines/redshift-data/endpoint-engine.ts';

// The pipeline builds every view late-binding, and Redshift's information_schema.columns does not describe
// those (the endpoint leaves them out as Redshift does): the docs read their columns from svv_columns.
const engine = useEndpointEngine(async (opened) => {
  await opened.transaction([
    'create schema staging',
    'create table staging.raw_rows (deal_id varchar(64), amount decimal(18,2))',
    'create view staging.stg_rows as select deal_id, amount from staging.raw_rows with no schema binding',
  ]);
});

describe('readRunHistory on Redshift', () => {
  it('reports the column types of late-binding views beside those of tables', async () => {
    const history = await readRunHistory(engine(), ['staging']);
    expect(Object.fromEntries(history.columnTypes.get('staging.stg_rows') ?? [])).toEqual({ deal_id: 'character varying', amount: 'numeric' });
    expect(Object.fromEntries(history.columnTypes.get('staging.raw_rows') ?? [])).toEqual({ deal_id: 'character varying', amount: 'numeric' });
  });
});
