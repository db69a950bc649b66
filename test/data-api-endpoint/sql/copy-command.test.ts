import { describe, expect, it } from 'vitest';
import { isRedshiftCopy, parseCopyCommand } from '../../../lib/data-api-endpoint/sql/copy-command.ts';
import { tokenize } from '../../../lib/data-api-endpoint/sql/sql-tokens.ts';

const parse = (sql: string) => parseCopyCommand(tokenize(sql));

describe('parseCopyCommand', () => {
  it('reads the options our Redshift engine emits', () => {
    const copy = parse(
      `COPY raw.accounts (account_id, "Name") FROM 's3://landing/raw/accounts/ingest_date=2024-01-01/'
       IAM_ROLE default FORMAT AS CSV IGNOREHEADER 1 GZIP TIMEFORMAT 'auto' DATEFORMAT 'auto'
       EMPTYASNULL BLANKSASNULL MAXERROR 10 ACCEPTINVCHARS REGION 'eu-west-1' COMPUPDATE OFF STATUPDATE OFF`,
    );
    expect(copy).toEqual({
      table: { schema: 'raw', name: 'accounts' },
      columns: ['account_id', 'Name'],
      source: 's3://landing/raw/accounts/ingest_date=2024-01-01/',
      bucket: 'landing',
      prefix: 'raw/accounts/ingest_date=2024-01-01/',
      delimiter: ',',
      quote: '"',
      ignoreHeader: 1,
      gzip: true,
      emptyAsNull: true,
      blanksAsNull: true,
      invalidCharReplacement: '?',
      truncateColumns: false,
      fillRecord: false,
      maxError: 10,
    });
  });

  it('accepts CSV QUOTE, DELIMITER, NULL AS, FILLRECORD, TRUNCATECOLUMNS and an IAM role ARN', () => {
    const copy = parse(
      `copy t from 's3://b' iam_role 'arn:aws:iam::1:role/r' csv quote as '''' delimiter '|' null as 'NULL' fillrecord truncatecolumns acceptinvchars as '^'`,
    );
    expect(copy).toMatchObject({ bucket: 'b', prefix: '', quote: "'", delimiter: '|', nullAs: 'NULL', fillRecord: true, truncateColumns: true, invalidCharReplacement: '^' });
    expect(copy.maxError).toBe(0);
  });

  it('caps MAXERROR at Redshift’s 100000', () => {
    expect(parse(`copy t from 's3://b/p' csv maxerror 500000`).maxError).toBe(100_000);
  });

  it('tells a Redshift COPY from Postgres’ own', () => {
    expect(isRedshiftCopy(tokenize(`copy t from 's3://b/p' csv`))).toBe(true);
    expect(isRedshiftCopy(tokenize('copy t from stdin'))).toBe(false);
  });

  it.each([
    [`copy t from 's3://b/p' format as json 'auto'`, 'COPY option FORMAT JSON is not emulated'],
    [`copy t from 's3://b/p' csv manifest`, 'COPY option MANIFEST is not emulated'],
    [`copy t from 's3://b/p' csv dateformat 'MM/DD/YYYY'`, `COPY option DATEFORMAT 'MM/DD/YYYY' is not emulated`],
    [`copy t from 's3://b/p' delimiter '|'`, 'only FORMAT CSV is emulated'],
    [`copy t from 's3://b/p' csv delimiter ',,'`, 'COPY DELIMITER must be a single character'],
    [`copy t from 's3://b/p' csv ignoreheader x`, 'IGNOREHEADER needs a whole number'],
    [`copy t from 'dynamodb://table' csv 's3://'`, 'COPY source must be s3://bucket/prefix'],
    [`copy t to 's3://b/p'`, 'expected FROM'],
    [`copy t () from 's3://b/p' csv`, 'syntax error in COPY column list'],
    [`copy t from 's3://b/p' csv region eu`, 'syntax error in COPY: expected a quoted REGION'],
    [`copy t from 's3://b/p' csv encoding latin1`, 'COPY option ENCODING other than UTF8 is not emulated'],
    [`copy t from 's3://b/p' csv 5`, 'syntax error in COPY at or near "5"'],
    [`copy 's3://b/p' from 's3://b/p' csv`, "expected an identifier, found 's3://b/p'"],
  ])('refuses %s', (sql, message) => {
    expect(() => parse(sql)).toThrow(message);
  });
});
