import { describe, expect, it } from 'vitest';
import { invalidValue } from '../../../lib/data-api-endpoint/copy/load-rejection.ts';
import type { TargetColumn } from '../../../lib/data-api-endpoint/copy/target-columns.ts';

const column = (typeName: string): TargetColumn => ({ name: 'c', formattedType: typeName, typeName, isCharacter: false, notNull: false });

describe('invalidValue', () => {
  it('reports a bad digit with its character, position and Redshift type name (1207)', () => {
    expect(invalidValue(column('int4'), '12x4', 'invalid input syntax for type integer: "12x4"', '22P02')).toMatchObject({
      errorCode: 1207,
      errorMessage: "Invalid digit, Value 'x', Pos 2, Type: Integer",
      position: 2,
    });
    expect(invalidValue(column('numeric'), '-1.5a', '…', '22P02').errorMessage).toBe("Invalid digit, Value 'a', Pos 4, Type: Decimal");
  });

  it('reports numeric overflow as 1207', () => {
    expect(invalidValue(column('int2'), '99999', 'value "99999" is out of range for type smallint', '22003')).toMatchObject({
      errorCode: 1207,
      errorMessage: 'Overflow for Short: value "99999" is out of range for type smallint',
    });
  });

  it('reports dates (1205) and timestamps (1206)', () => {
    expect(invalidValue(column('date'), '2024-13-01', 'date/time field value out of range', '22008').errorCode).toBe(1205);
    expect(invalidValue(column('timestamp'), 'soon', 'invalid input syntax', '22007').errorCode).toBe(1206);
  });

  it('reports other types as an invalid input line (1216) with Postgres’ message', () => {
    expect(invalidValue(column('bool'), 'maybe', 'invalid input syntax for type boolean: "maybe"', '22P02')).toMatchObject({
      errorCode: 1216,
      errorMessage: 'invalid input syntax for type boolean: "maybe"',
    });
  });
});
