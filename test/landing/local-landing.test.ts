import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isValidDate } from '../../lib/landing/landing-layout.ts';
import { LandingLayoutError, findLandingDays } from '../../lib/landing/local-landing.ts';
import { Landing } from '../engines/duckdb/landing-fixture.ts';

describe('findLandingDays', () => {
  let landing: Landing;
  beforeEach(async () => {
    landing = await Landing.create();
  });
  afterEach(() => landing.remove());

  it('lists days oldest first with their csv and csv.gz files, relative to the landing folder', async () => {
    await landing.write('deals', '2026-11-25', 'b.csv', ['x']);
    await landing.write('deals', '2026-11-24', 'z.csv.gz', ['x']);
    await landing.write('deals', '2026-11-24', 'a.csv', ['x']);
    await landing.write('deals', '2026-11-24', '_SUCCESS', []);
    await landing.write('deals', '2026-11-24', 'notes.txt', ['x']);
    const days = await findLandingDays(landing.dir, 'deals');
    expect(days.map((day) => [day.ingestDate, day.files.map((file) => file.relativePath)])).toEqual([
      ['2026-11-24', ['raw/deals/ingest_date=2026-11-24/a.csv', 'raw/deals/ingest_date=2026-11-24/z.csv.gz']],
      ['2026-11-25', ['raw/deals/ingest_date=2026-11-25/b.csv']],
    ]);
    expect(days[0]?.files[0]?.path).toBe(`${landing.dir}/raw/deals/ingest_date=2026-11-24/a.csv`);
    expect(days[0]?.files[0]?.sizeBytes).toBe(2);
  });

  it('finds nothing for an absent table or landing folder', async () => {
    expect(await findLandingDays(landing.dir, 'tickets')).toEqual([]);
    expect(await findLandingDays(`${landing.dir}/nowhere`, 'tickets')).toEqual([]);
  });

  it('leaves out days with no extract file and days not asked for', async () => {
    await landing.write('deals', '2026-11-24', '_SUCCESS', []);
    await landing.write('deals', '2026-11-25', 'a.csv', ['x']);
    await landing.write('deals', '2026-11-26', 'a.csv', ['x']);
    const days = await findLandingDays(landing.dir, 'deals', ['2026-11-24', '2026-11-26']);
    expect(days.map((day) => day.ingestDate)).toEqual(['2026-11-26']);
  });

  it('names a folder that is not a day folder', async () => {
    await landing.write('deals', '2026-11-24', 'a.csv', ['x']);
    const { mkdir } = await import('node:fs/promises');
    await mkdir(`${landing.dir}/raw/deals/latest`);
    const failing = findLandingDays(landing.dir, 'deals');
    await expect(failing).rejects.toThrow(LandingLayoutError);
    await expect(failing).rejects.toThrow(
      'raw/deals/latest: a day folder must be named ingest_date=YYYY-MM-DD with a real calendar date',
    );
  });

  it('accepts only real calendar dates', () => {
    expect(isValidDate('2028-02-29')).toBe(true);
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2026-13-01')).toBe(false);
  });
});
