import { describe, expect, it } from 'vitest';
import { copyStatement, labelRowsStatement } from '../../../lib/engines/redshift-data/copy-statements.ts';

// A landing key may hold any character S3 allows; in Redshift a backslash escapes the next one.
const CRAFTED_KEY = String.raw`raw/deals/ingest_date=2026-11-24/x'\'; drop table raw.deals; --.csv`;

describe('COPY statements quote for Redshift', () => {
  it('doubles backslashes and quotes of the S3 key, so the literal ends where the key does', () => {
    const sql = copyStatement({
      scratch: { schema: 'raw', name: 'deals__load' },
      columns: ['deal_id'],
      uri: `s3://landing/${CRAFTED_KEY}`,
      gzip: false,
      iamRole: 'default',
    });
    expect(sql).toContain('maxerror 100000');
    expect(sql).toContain(String.raw`from 's3://landing/raw/deals/ingest_date=2026-11-24/x''\\''; drop table raw.deals; --.csv'` + '\n');
  });

  it('labels rows with the crafted path as one literal', () => {
    expect(labelRowsStatement({ schema: 'raw', name: 'deals__load' }, 'a\\')).toBe(
      String.raw`update "raw"."deals__load" set "_source_file" = 'a\\' where "_source_file" is null`,
    );
  });
});
