import { describe, expect, it } from 'vitest';
import {
  MAX_BATCH_STATEMENTS,
  MAX_STATEMENT_BYTES,
  StatementTooLargeError,
  TransactionTooLargeError,
  checkStatementSize,
  checkTransactionFits,
  splitIntoBatches,
} from '../../../lib/engines/redshift-data/batch-limits.ts';

function statements(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `insert into "analytics"."t" values (${index})`);
}

/** A statement of exactly `bytes` bytes of UTF-8. */
function statementOfBytes(bytes: number): string {
  const head = 'select ';
  return head + "'" + 'x'.repeat(bytes - head.length - 2) + "'";
}

describe('Redshift Data API batch limits', () => {
  it('are 40 statements per batch and 100 KB per statement', () => {
    expect(MAX_BATCH_STATEMENTS).toBe(40);
    expect(MAX_STATEMENT_BYTES).toBe(102_400);
  });

  it('accept a transaction of exactly 40 statements', () => {
    expect(() => checkTransactionFits(statements(40))).not.toThrow();
  });

  it('refuse a transaction of 41 statements, naming the limit and the count', () => {
    const check = () => checkTransactionFits(statements(41));
    expect(check).toThrow(TransactionTooLargeError);
    expect(check).toThrow(
      /^a transaction of 41 statements does not fit one Redshift Data API batch \(at most 40 statements per BatchExecuteStatement\); it was not split.*First statement: insert into "analytics"."t" values \(0\)$/,
    );
  });

  it('accept a statement of exactly 100 KB', () => {
    expect(() => checkStatementSize(statementOfBytes(102_400))).not.toThrow();
  });

  it('refuse a statement one byte over 100 KB, naming its size and first line', () => {
    const check = () => checkStatementSize(statementOfBytes(102_401));
    expect(check).toThrow(StatementTooLargeError);
    expect(check).toThrow(/^a statement is 102401 bytes of SQL, over the Redshift Data API limit of 102400 bytes \(100 KB\) per statement; nothing was sent: select 'xxx/);
  });

  it('count bytes, not characters', () => {
    const multiByte = `select '${'é'.repeat(51_200)}'`;
    expect(multiByte.length).toBeLessThan(102_400);
    expect(() => checkStatementSize(multiByte)).toThrow(StatementTooLargeError);
  });

  it('name the oversized statement of a transaction by its position', () => {
    expect(() => checkTransactionFits(['select 1', statementOfBytes(102_401), 'select 2'])).toThrow(
      /^statement 2 of 3 is 102401 bytes/,
    );
  });

  it('split bulk work into batches of at most 40, in order', () => {
    const work = statements(81);
    const batches = splitIntoBatches(work);
    expect(batches.map((batch) => batch.length)).toEqual([40, 40, 1]);
    expect(batches.flat()).toEqual(work);
  });

  it('split exactly 40 statements into one batch and none into none', () => {
    expect(splitIntoBatches(statements(40))).toHaveLength(1);
    expect(splitIntoBatches([])).toEqual([]);
  });

  it('refuse to split bulk work holding an oversized statement, since no split can send it', () => {
    expect(() => splitIntoBatches([...statements(45), statementOfBytes(102_401)])).toThrow(/^statement 46 of 46 is 102401 bytes/);
  });
});
