import { describe, expect, it } from 'vitest';
import { LandingListingError, landingDaysByTable, objectUri, parseLandingUri } from '../../../lib/engines/redshift-data/landing-listing.ts';
import type { LandingDayListing } from '../../../lib/engines/redshift-data/landing-listing.ts';

const folder = 'raw/accounts/ingest_date=2024-03-01/';

function listing(...paths: string[]): LandingDayListing {
  return { table: 'accounts', ingestDate: '2024-03-01', objects: paths.map((path) => ({ path })) };
}

describe('parseLandingUri', () => {
  it('drops trailing slashes and joins object paths under the prefix', () => {
    expect(objectUri(parseLandingUri('s3://crm-landing/prod//'), `${folder}a.csv`)).toBe(`s3://crm-landing/prod/${folder}a.csv`);
    expect(objectUri(parseLandingUri('s3://crm-landing'), `${folder}a.csv`)).toBe(`s3://crm-landing/${folder}a.csv`);
  });

  it('refuses what is not an S3 URI', () => {
    expect(() => parseLandingUri('s3://UPPER/x')).toThrow(LandingListingError);
    expect(() => parseLandingUri('https://bucket/x')).toThrow("landingUri must look like s3://bucket/prefix, got 'https://bucket/x'");
  });
});

describe('landingDaysByTable', () => {
  it('keeps the extracts of each day, sorted, passing over markers, notes and sub-folders', () => {
    const days = landingDaysByTable(
      [listing(folder, `${folder}_SUCCESS`, `${folder}b.CSV.GZ`, `${folder}a.csv`, `${folder}old/c.csv`, `${folder}notes.txt`)],
      ['accounts'],
    );
    expect(days.get('accounts')).toEqual([
      {
        ingestDate: '2024-03-01',
        files: [
          { path: `${folder}a.csv`, gzip: false },
          { path: `${folder}b.CSV.GZ`, gzip: true },
        ],
      },
    ]);
  });

  it('orders days oldest first, merges a day listed twice and keeps a header', () => {
    const days = landingDaysByTable(
      [
        { table: 'accounts', ingestDate: '2024-03-02', objects: [{ path: 'raw/accounts/ingest_date=2024-03-02/x.csv' }] },
        listing(`${folder}b.csv`),
        { ...listing(), objects: [{ path: `${folder}a.csv`, header: ['account_id'] }] },
      ],
      ['accounts'],
    );
    expect(days.get('accounts')?.map((day) => [day.ingestDate, day.files.map((file) => file.path)])).toEqual([
      ['2024-03-01', [`${folder}a.csv`, `${folder}b.csv`]],
      ['2024-03-02', ['raw/accounts/ingest_date=2024-03-02/x.csv']],
    ]);
    expect(days.get('accounts')?.[0]?.files[0]?.header).toEqual(['account_id']);
  });

  it('ignores tables that are not sources, days not asked for, and days without extracts', () => {
    const days = landingDaysByTable(
      [
        { table: 'legacy', ingestDate: 'someday', objects: [{ path: 'raw/legacy/x.csv' }] },
        listing(`${folder}a.csv`),
        { table: 'accounts', ingestDate: '2024-03-02', objects: [{ path: 'raw/accounts/ingest_date=2024-03-02/_SUCCESS' }] },
      ],
      ['accounts'],
      ['2024-03-02'],
    );
    expect(days.size).toBe(0);
  });

  it('refuses a file whose key begins another key, since COPY would load both', () => {
    expect(() => landingDaysByTable([listing(`${folder}a.csv`, `${folder}a.csv.bak`)], ['accounts'])).toThrow(
      `${folder}a.csv: COPY loads every object whose key starts with this one, so it would also load ${folder}a.csv.bak; rename or remove one`,
    );
  });

  it('refuses an object listed under a day it does not belong to', () => {
    expect(() => landingDaysByTable([listing('raw/accounts/ingest_date=2024-03-02/a.csv')], ['accounts'])).toThrow(
      `raw/accounts/ingest_date=2024-03-02/a.csv: listed as part of ${folder} but not under it`,
    );
  });

  it('refuses a path too long for _source_file', () => {
    const long = `${folder}${'x'.repeat(1024)}.csv`;
    expect(() => landingDaysByTable([listing(long)], ['accounts'])).toThrow(/a landing path longer than 1024 bytes does not fit _source_file/);
  });

  it('refuses a day folder that is not a calendar date, naming every problem at once', () => {
    const error = (() => {
      try {
        landingDaysByTable(
          [{ table: 'accounts', ingestDate: '2024-02-30', objects: [] }, { table: 'accounts', ingestDate: 'latest', objects: [] }],
          ['accounts'],
        );
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(LandingListingError);
    expect((error as LandingListingError).problems).toEqual([
      'raw/accounts/ingest_date=2024-02-30/: a day folder must be named ingest_date=YYYY-MM-DD with a real calendar date',
      'raw/accounts/ingest_date=latest/: a day folder must be named ingest_date=YYYY-MM-DD with a real calendar date',
    ]);
  });
});
