import { describe, expect, it } from 'vitest';
import { redshiftColumnType } from '../../../lib/engines/redshift-data/raw-tables.ts';

describe('redshiftColumnType', () => {
  it('widens unsized text to varchar(65535), since a bare Redshift varchar holds 256 bytes', () => {
    expect(redshiftColumnType({ name: 'a', dataType: 'varchar' })).toBe('varchar(65535)');
    expect(redshiftColumnType({ name: 'a', dataType: 'TEXT' })).toBe('varchar(65535)');
    expect(redshiftColumnType({ name: 'a' })).toBe('varchar(65535)');
  });

  it('maps double to double precision and keeps types Redshift knows', () => {
    expect(redshiftColumnType({ name: 'a', dataType: 'double' })).toBe('double precision');
    for (const type of ['integer', 'bigint', 'decimal(18,2)', 'boolean', 'timestamp', 'date', 'varchar(20)']) {
      expect(redshiftColumnType({ name: 'a', dataType: type })).toBe(type);
    }
  });
});
