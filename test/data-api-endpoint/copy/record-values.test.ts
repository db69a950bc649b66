import { describe, expect, it } from 'vitest';
import { csvRecords } from '../../../lib/data-api-endpoint/copy/csv-records.ts';
import { recordValues } from '../../../lib/data-api-endpoint/copy/record-values.ts';
import type { TargetColumn } from '../../../lib/data-api-endpoint/copy/target-columns.ts';
import type { CopyCommand } from '../../../lib/data-api-endpoint/sql/copy-command.ts';

const id: TargetColumn = { name: 'id', formattedType: 'integer', typeName: 'int4', isCharacter: false, notNull: true };
const name: TargetColumn = { name: 'name', formattedType: 'character varying(4)', typeName: 'varchar', isCharacter: true, maxBytes: 4, notNull: false };
const columns = [id, name];
const copy: CopyCommand = {
  table: { name: 't' },
  source: 's3://b/p',
  bucket: 'b',
  prefix: 'p',
  delimiter: ',',
  quote: '"',
  ignoreHeader: 0,
  gzip: false,
  emptyAsNull: false,
  blanksAsNull: false,
  truncateColumns: false,
  fillRecord: false,
  maxError: 0,
};

function valuesOf(line: string, options: Partial<CopyCommand> = {}, invalidUtf8 = false) {
  const [record] = [...csvRecords(line, ',', '"')];
  if (record === undefined) throw new Error('no record');
  return recordValues(record, columns, { ...copy, ...options }, invalidUtf8);
}

describe('recordValues', () => {
  it('loads an empty character field as an empty string, or NULL with EMPTYASNULL', () => {
    expect(valuesOf('1,')).toEqual({ values: ['1', ''] });
    expect(valuesOf('1,""', { emptyAsNull: true })).toEqual({ values: ['1', null] });
  });

  it('loads blanks as NULL only with BLANKSASNULL, and NULL AS text as NULL', () => {
    expect(valuesOf('1,  ')).toEqual({ values: ['1', '  '] });
    expect(valuesOf('1,  ', { blanksAsNull: true })).toEqual({ values: ['1', null] });
    expect(valuesOf('1,NULL', { nullAs: 'NULL' })).toEqual({ values: ['1', null] });
    expect(valuesOf('1,"NULL"', { nullAs: 'NULL' })).toEqual({ values: ['1', 'NULL'] });
  });

  it('rejects a missing value of a NOT NULL column (1213)', () => {
    expect(valuesOf(',x')).toMatchObject({ rejection: { errorCode: 1213, column: id } });
  });

  it('counts lengths in bytes: rejects (1204) or, with TRUNCATECOLUMNS, cuts whole characters', () => {
    expect(valuesOf('1,éé')).toEqual({ values: ['1', 'éé'] });
    expect(valuesOf('1,ééé')).toMatchObject({ rejection: { errorCode: 1204, rawFieldValue: 'ééé' } });
    expect(valuesOf('1,ééé', { truncateColumns: true })).toEqual({ values: ['1', 'éé'] });
  });

  it('rejects too few fields (1214) unless FILLRECORD, and too many (1202)', () => {
    expect(valuesOf('1')).toMatchObject({ rejection: { errorCode: 1214, errorMessage: 'Delimiter not found' } });
    expect(valuesOf('1', { fillRecord: true })).toEqual({ values: ['1', null] });
    expect(valuesOf('1,a,b')).toMatchObject({ rejection: { errorCode: 1202, errorMessage: 'Extra column(s) found' } });
  });

  it('rejects invalid UTF-8 (1220) unless ACCEPTINVCHARS replaces it', () => {
    expect(valuesOf('1,a\uFFFD', {}, true)).toMatchObject({ rejection: { errorCode: 1220, column: name } });
    expect(valuesOf('1,a\uFFFD', { invalidCharReplacement: '?' }, true)).toEqual({ values: ['1', 'a?'] });
    expect(valuesOf('1,a\uFFFD', {}, false)).toEqual({ values: ['1', 'a\uFFFD'] });
  });

  it('rejects a NUL character, which Postgres text cannot hold', () => {
    expect(valuesOf('1,a\0')).toMatchObject({ rejection: { errorCode: 1220 } });
  });

  it('rejects a record with broken quoting', () => {
    expect(valuesOf('1,"a"b')).toMatchObject({ rejection: { errorCode: 1216 } });
  });
});
