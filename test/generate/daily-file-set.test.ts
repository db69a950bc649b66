import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DailyFileSet } from '../../lib/generate/daily-file-set.ts';

const outDir = mkdtempSync(join(tmpdir(), 'crm-daily-files-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));
const dates = ['2026-11-22', '2026-11-23', '2026-11-24'];
const file = (table: string, date: string) => join(outDir, 'raw', table, `ingest_date=${date}`, 'part-0000.csv');

describe('DailyFileSet', () => {
  it('writes each row into the file of its ingest day, every file with the header', async () => {
    const files = await DailyFileSet.open(outDir, 'things', ['id', 'note'], dates);
    files.write(2, ['T-3', 'late']);
    files.write(0, ['T-1', 'first, with a comma']);
    await files.close();
    expect(readFileSync(file('things', dates[0]!), 'utf8')).toBe('id,note\nT-1,"first, with a comma"\n');
    expect(readFileSync(file('things', dates[1]!), 'utf8')).toBe('id,note\n');
    expect(readFileSync(file('things', dates[2]!), 'utf8')).toBe('id,note\nT-3,late\n');
    expect(files.rows).toBe(2);
    expect(files.files).toBe(3);
  });

  it("moves a missing day's rows into the next day's file, and drops them when the last day is missing", async () => {
    const middle = await DailyFileSet.open(outDir, 'caught-up', ['id'], dates, { missingDay: 1 });
    middle.write(1, ['T-2']);
    await middle.close();
    expect(existsSync(file('caught-up', dates[1]!))).toBe(false);
    expect(readFileSync(file('caught-up', dates[2]!), 'utf8')).toBe('id\nT-2\n');

    const last = await DailyFileSet.open(outDir, 'lost', ['id'], dates, { missingDay: 2 });
    last.write(2, ['T-3']);
    await last.close();
    expect(existsSync(file('lost', dates[2]!))).toBe(false);
    expect(last.rows).toBe(0);
    expect(last.files).toBe(2);
  });

  it('quotes only the columns it is told can hold delimiters', async () => {
    const files = await DailyFileSet.open(outDir, 'masked', ['id', 'text'], dates.slice(0, 1), { quotableColumns: ['text'] });
    files.write(0, ['A-1', 'x, "y"']);
    await files.close();
    expect(readFileSync(file('masked', dates[0]!), 'utf8')).toBe('id,text\nA-1,"x, ""y"""\n');
  });
});
